from geomap.cli import main

main()
