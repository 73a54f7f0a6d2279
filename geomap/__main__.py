if __name__ == "__main__":  # worker processes started by spawn import this module under another name
    from geomap.cli import main  # (here, so that they do not import the command line: typer, click, rich)

    main()
