"""The small English vocabularies the stages share, written by the geomap team from general usage.

Kept in one place so recognition and itinerary agree on what a title, a
feature word or a movement verb is, and so the lists can be reviewed on their own.
"""

from __future__ import annotations

# Lower-case words that may sit inside a place name: "Sea of Japan", "Rostov-on-Don", "Rio de Janeiro".
CONNECTORS = frozenset(
    "of on upon de del della di da das dos do du des la le les el al am an der den sur en es y i na and the".split()
)

# Feature words that may end a place name written in lower case: "Amur region", "Vostochny cosmodrome".
CUE_WORDS = frozenset(
    """region oblast province krai kray state county prefecture governorate district territory republic
    sea ocean gulf bay strait straits channel river lake island islands peninsula mountains desert valley canal
    cosmodrome spaceport airport airbase base port harbour harbor city town village palace square station
    border""".split()
)

# What the cue words say about the kind of place they name.
CUE_KINDS = {
    "cosmodrome": ("spaceport",),
    "spaceport": ("spaceport",),
    "airport": ("airport", "military base"),
    "airbase": ("military base", "airport"),
    "base": ("military base",),
    "sea": ("sea",),
    "ocean": ("ocean",),
    "gulf": ("gulf",),
    "bay": ("bay",),
    "strait": ("strait",),
    "straits": ("strait",),
    "channel": ("strait",),
    "river": ("river",),
    "lake": ("lake",),
    "canal": ("canal",),
    "region": ("admin1", "region"),
    "oblast": ("admin1",),
    "province": ("admin1",),
    "krai": ("admin1",),
    "kray": ("admin1",),
    "state": ("admin1",),
    "prefecture": ("admin1",),
    "governorate": ("admin1",),
    "territory": ("admin1", "region"),
    "republic": ("country", "admin1"),
    "city": ("city", "capital"),
    "town": ("city",),
    "village": ("city",),
    "port": ("city", "capital"),
    "harbour": ("city",),
    "harbor": ("city",),
    "palace": ("palace",),
    "station": ("station", "city"),
    "border": ("admin1", "country"),  # "near the New York border" is the state's, not the city's
}

# Words before a name that make it a person's name.
TITLES = frozenset(
    """Mr Mrs Ms Miss Dr Prof Professor President Premier Chancellor Minister Secretary Senator Sen Gov Governor
    Rep Representative Congressman Congresswoman Judge Justice King Queen Prince Princess Pope Sheikh Emir
    General Gen Admiral Adm Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt Officer Detective Coach Sir Lord
    Lady Dame Rev Reverend Father Bishop Cardinal Ayatollah Mayor Chairman Chairwoman Ambassador Commissioner
    Deputy Marshal Sheriff Chief Dean Brother Sister Saint-Exupery Shri Sri Smt Emperor Empress Speaker""".split()
)

# Capitalised words after a name that make the whole a body of that place's own government or public
# life ("Dublin City Council", "Ohio Department of Transportation"): the name still stands for the place.
CIVIC_WORDS = frozenset(
    """City Council Department Police Sheriff County State University College School Schools Board Commission
    Committee Chamber Court Hospital Library Fire Office Government Parliament Assembly Legislature Senate House
    Ministry Authority Public Community Historical Metro Transit Water Utilities Health Housing Parks
    Recreation Regional Municipal District Airport Port Harbor Harbour Zoo Museum""".split()
)

# Capitalised words after a name that make the whole an organisation, not the place.
ORGANISATION_WORDS = frozenset(
    """Times Post Journal Herald Tribune Gazette News Daily Telegraph Guardian Chronicle Observer Press Review
    Fleet Navy Army Corps Force Guard University College School Institute Academy Hospital Clinic Airlines
    Airways Railways Bank Group Company Corporation Corp Inc Ltd Club United FC City Rovers Wanderers Athletic
    Party Commonwealth Council Committee Commission Agency Ministry Department Office Bureau Court Police Foundation Museum
    Theatre Theater Stadium Arena Center Centre Hotel Mall Street Avenue Road Square Bridge Tower Festival
    Summit Agreement Accord Accords Treaty Protocol Convention Declaration Plan Initiative Prize Award Cup
    Games Open Marathon Zoo Library Church Cathedral Mosque Masjid Mandir Gurdwara Dargah Synagogue Temple
    Orchestra Symphony Ballet Opera Records
    Studios Pictures Motors Energy Oil Gas Telecom Airport International Expo Exhibition Fair Conference Forum
    Assembly Parliament Congress Senate Parade
    Import Export Trade Show Week Olympics Championship Championships League Association Federation
    Organization Organisation Alliance Institute Program Programme Project Fund Network Holdings Partners Index
    Exchange Market Markets Stock Stocks""".split()
)

# Lower-case nouns after a name that make it a named organisation or facility: "the Gagarin factory".
ORGANISATION_NOUNS = frozenset(
    """factory plant company firm corporation group university college school hospital airline airlines team
    club bank party foundation institute museum stadium brand newspaper agency shipyard refinery mine works
    studio band restaurant hotel base airbase barracks airfield administration presidency
    house hall palace tower theatre theater arena library cathedral""".split()
)

# Capitalised words after a name that keep it a place: "Amur Region", "Kansas City".
PLACE_SUFFIXES = frozenset(
    """Region Oblast Province Krai Kray State County Prefecture Governorate District Territory Sea Ocean Gulf Bay
    Strait River Lake Island Islands Peninsula Mountains Valley Canal Cosmodrome Spaceport""".split()
)

# Capitalised words before a name that keep it a place: "North Korea" is one name, but "Southern Russia" is two.
PLACE_PREFIXES = frozenset(
    """North South East West Northern Southern Eastern Western Central Northeast Northwest Southeast Southwest
    Northeastern Northwestern Southeastern Southwestern Upper Lower Greater Inner Outer New Old Mid Far Near
    Downtown Suburban Rural Metro Metropolitan Coastal""".split()
)

# Never a place when standing alone (months, weekdays, and words of time).
NEVER_ALONE = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday today tomorrow yesterday christmas easter ramadan states
    one two three four five six seven eight nine ten eleven twelve twenty hundred thousand marian
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)

# Common English words that GeoNames also lists as towns; capitalised, they are usually just sentence starts or titles.
COMMON_WORDS = frozenset(
    """a about after again against all also although among an and another any around as at back bad be because
    been before being best between both but by can come could day did do does done down during each early even
    ever every few first for from good great had has have he her here him his home hope how however if in
    into is it its just last late later least less like little long made make man many may me might more most
    much must my new news next no none nor not now of off often old on once one only or other our out over own
    part people per place plus police power real right said same say see she should since so some still such
    than that the their them then there these they thing this those though through thus to too two under until
    up upon us very was way we well were what when where whether which while who whom whose why will with
    within without woman would yes yet you your
    academy addition advance alliance ash bath battle beach bear bell bird black blue border bridge
    brown buy camp canyon cape center central chance chapel church cliff coast commerce commonwealth concord convention
    cross crown deal defiance delight early energy enterprise eureka fairview faith fall falls farm
    fence ferry field fields fine fork forest fort fortune freedom friend friendship garden gate glen gold
    golden government grace grand green grove hall harbor harmony haven health heart heights hill hills
    honor hot house independence industry island islands joy junction key king lake lakes land
    liberty link lodge love lucky mall manor march market media mercy middle mill mills
    mission model money moon morning mount mountain music nation nature navy needles nice north ocean
    office opportunity orange order paradise park parks peace pearl pine plain plains plant pleasant point
    pond port post prairie president price progress prospect providence queen rain ranch reading red reform
    reserve resort rich ridge river rock rose royal rush safety saint salt sand school security shore
    silver snow south spring springs square star state station stone story strong summit sun sunrise
    sunset support surprise temple time tower town trade trail union unity university valley victory view
    village vista wall war washington water wells west white wood woods york young zion
    ban bar bay box cap car case cat cave coal code cook core cost date dear doctor dollar don dust eagle east
    economy enterprise film fire flag fleet focus fox free gap gas gay general god guard holiday
    hope hub ice image iron jersey jordan kent lane law light lion live lock mark mars may media mid
    mine mode nation new normal oil paris parish pass patience pen person pilot plaza prince
    quarter range rapid ray record rome rugby salem sale score sea second senior short side sign simple
    sport status strike sydney temple texas third tiger top tour trust union vice victoria
    villa visit wash wing winter worth
    city section council area region secretary supreme rodeo christian catholic federal general national state capital
    district county township borough village hall gateway centre center bank trial court hotel school college
    embassy consulate mall library chapel cathedral basilica farm club society congress parliament senate
    jesus christ allah buddha""".split()
) - frozenset(
    # Well-known places whose names are also words: keep these recognisable.
    "paris rome sydney texas jordan washington york victoria jersey kent salem".split()
)

# Movement language for the itinerary stage: verbs whose object or complement is where the traveller went.
ARRIVAL_VERBS = frozenset(
    """arrive arrives arrived arriving land lands landed landing visit visits visited visiting tour tours toured
    touring reach reaches reached reaching enter enters entered entering cross crosses crossed crossing stop
    stops stopped stopping travel travels travelled traveled travelling traveling fly flies flew flown flying
    head heads headed heading go goes went gone going come comes came coming move moves moved moving return
    returns returned returning proceed proceeds proceeded continue continues continued drive drives drove
    driven sail sails sailed ride rides rode journey journeyed stay stays stayed staying spend spent
    inspect inspects inspected inspecting hold holds held holding meet meets met meeting attend attends
    attended attending host hosted welcome welcomed greet greeted address addresses addressed addressing speak
    speaks spoke speaking been board boards boarded boarding embark embarked call calls called calling pull
    pulls pulled roll rolls rolled dock docks docked due spend spends laid lay open opens opened sign signs
    signed take takes took taking walk walks walked walking stroll strolled touch touches touched touching
    stops stopping taken receive receives received receiving discuss discusses discussed discussing negotiate
    negotiated begin begins began beginning start starts started starting end ends ended ending celebrate celebrates
    celebrated celebrating pray prays prayed praying lead leads led leading refuel refuels refuelled refueled
    refuelling refueling expected join joins joined joining""".split()
)

DEPARTURE_VERBS = frozenset("leave leaves left leaving depart departs departed departing".split())

# Verbs after a place name that make it an actor (metonymy): "Moscow said", "Pyongyang launched".
ACTOR_VERBS = frozenset(
    """said says say has have had will would wants want wanted launched launches fired fires announced announces
    claims claimed accused accuses denied denies warned warns stressed insisted insists threatened threatens
    imposed imposes agreed agrees rejected rejects sent sends reported reports responded called calls urged
    urges raised raises sought seeks seeking is was""".split()
)

# Travel modes and the words that show them.
MODE_WORDS = {
    "train": "train",
    "trains": "train",
    "rail": "train",
    "railway": "train",
    "railroad": "train",
    "locomotive": "train",
    "flight": "air",
    "flights": "air",
    "fly": "air",
    "flies": "air",
    "flew": "air",
    "flown": "air",
    "flying": "air",
    "plane": "air",
    "jet": "air",
    "airliner": "air",
    "helicopter": "air",
    "air": "air",
    "landed": "air",
    "motorcade": "road",
    "car": "road",
    "cars": "road",
    "convoy": "road",
    "drove": "road",
    "drive": "road",
    "driven": "road",
    "bus": "road",
    "road": "road",
    "ship": "sea",
    "boat": "sea",
    "ferry": "sea",
    "yacht": "sea",
    "sailed": "sea",
    "sail": "sea",
    "cruise": "sea",
    "vessel": "sea",
    "warship": "sea",
}

# Nouns that name a traveller by role: "the leader", "the North Korean leader", "the president".
ROLE_NOUNS = frozenset(
    """leader president premier chancellor minister king queen prince pope emperor monarch chairman general
    secretary envoy delegation dictator ruler strongman pontiff monarch couple royals entourage visitor guest
    diplomat leaders delegations secretary-general""".split()
)

PRONOUNS = frozenset("he she they".split())

# Verbs that, right after a lone capitalised name, make it a person: "Kim arrived", "Jackson said".
PERSON_VERBS = frozenset(
    """said says told tells added adds arrived arrives left leaves took takes flew flies visited visits travelled
    traveled travels met meets greeted greets toured tours landed lands departed departs returned returns
    headed heads went goes spoke speaks smiled waved shook thanked praised insisted stressed wrote argued
    held talked vowed urged warned announced announces unveiled unveils""".split()
)

# Movement verbs that take the place as a direct object: "visited Omsk", "left Minsk", "reached the border".
TRANSITIVE_MOVES = frozenset(
    """visit visits visited visiting tour tours toured touring reach reaches reached reaching enter enters entered
    entering cross crosses crossed crossing leave leaves left leaving depart departs departed departing
    inspect inspects inspected inspecting""".split()
)

# Role nouns that stand for whoever was last the subject, even without an earlier "<role> <Name>".
GROUP_NOUNS = frozenset("pontiff monarch couple royals entourage delegation visitor guest leaders delegations".split())

# Auxiliaries: after a subject they say a verb follows ("Trump will travel", "he was in Berlin").
AUXILIARIES = frozenset("will would shall was were is are has have had".split())

# Verbs of speech and writing: what they are "to" is an addressee, not a destination ("spoke to Vladimir Putin",
# "urged Zelensky to talk to Russia", "wrote to Beijing").
SPEECH_VERBS = frozenset(
    """talk talks talked talking speak speaks spoke speaking say says said appeal appeals appealed appealing write
    writes wrote writing listen listens listened listening reply replies replied respond responds responded send
    sends sending sent""".split()
)

# Vehicles that carry the traveller: "his train rolled into", "the yacht will call at".
VEHICLE_NOUNS = frozenset("train yacht plane jet motorcade convoy ship aircraft helicopter flight vessel".split())
# ... and the journey itself: "The tour had opened in Rome" puts the traveller of the last sentence there.
JOURNEY_NOUNS = frozenset("tour trip journey".split())

# Lower-case words inside people's names: "Lula da Silva", "Mohammed bin Salman", "Ursula von der Leyen".
NAME_PARTICLES = frozenset("da de do dos das di du del della van von der den ter bin ibn al el le la".split())

# Capitalised words after a name that make it a street or a site the gazetteer does not hold.
STREET_WORDS = frozenset(
    "Street Avenue Road Boulevard Lane Drive Square Township Park Heights Estate Plaza Way".split()
)

# Prepositions that put a place after them: "in Allendale", "near Dewsbury".
PLACE_PREPOSITIONS = frozenset("in at to from near into via outside across through toward towards around".split())

# One-word keys that are never a place on their own, whatever the gazetteer says (checked before lookup).
# Articles of other languages that open a name ("La Seine Musicale", "Le Bourget", "El Paso"): alone, before a
# name the gazetteer does not know, they are that name's first word, not "La" for Louisiana (which keeps "La.").
FOREIGN_ARTICLES = frozenset("la le les el los las il lo der die das lac lago".split())  # (and "Lac Ste. Anne")

NEVER_PLACES = COMMON_WORDS | NEVER_ALONE | FOREIGN_ARTICLES | frozenset(w.lower() for w in PLACE_PREFIXES)

# Lower-case words recognition looks at around names; other lower-case words are not kept as tokens.
KEEP_LOWER = (
    CONNECTORS
    | CUE_WORDS
    | PLACE_PREPOSITIONS
    | PERSON_VERBS
    | ORGANISATION_NOUNS
    | frozenset("of said says s".split())
)

# Capitalised words that end a title phrase before a name ("Secretary of State", "Crown Prince", "Prime Minister").
TITLE_PARTS = frozenset(
    """State Defense Defence Foreign Affairs Interior Finance Treasury Commerce Justice Energy Health Deputy Vice
    Prime Crown Supreme Grand Acting Former Chief Foreign-Minister Nations Secretary-General Director-General
    Attorney-General Governor-General Under-Secretary""".split()
)

# Common English given names that are not also the names of well-known places: before another capitalised
# word they begin a person's name ("George Bush", "Jerry Hughes"), whatever towns share them. Names such as
# Austin, Jackson, Florence, Victoria, Sydney, Madison or Charlotte are left out on purpose: they are places
# first. Source: the most frequent given names in US and UK birth registers, as commonly listed.
GIVEN_NAMES = frozenset(
    """Aaron Adam Alan Albert Alex Alexander Alice Allen Amanda Amy Andrew Angela Ann Anna Anne Anthony Arthur
    Barbara Benjamin Betty Bill Billy Bob Bobby Brandon Brenda Brian Bruce Bryan Carl Carol Carolyn Catherine
    Charles Cheryl Chris Christina Christine Christopher Cynthia Daniel Danny David Deborah Debra Dennis Diana
    Diane Donald Donna Doris Dorothy Douglas Edward Elizabeth Emily Emma Eric Evelyn Frances Frank Fred Gary
    George Gerald Gloria Grace Gregory Harold Harry Heather Helen Henry Howard Jack Jacob James Jane Janet Janice
    Jason Jean Jeff Jeffrey Jennifer Jeremy Jerry Jessica Jim Jimmy Joan Joe John Johnny Jonathan Joseph Joshua
    Joyce Juan Judith Judy Julie Justin Karen Katherine Kathleen Kathy Keith Kelly Kenneth Kevin Kimberly Larry
    Laura Lawrence Linda Lisa Lori Louis Margaret Maria Marie Marilyn Mark Martha Martin Mary Matthew Melissa
    Michael Michelle Mike Nancy Nicholas Nicole Pamela Patricia Patrick Paul Peter Philip Phillip Ralph Randy
    Raymond Rebecca Richard Robert Roger Ronald Rose Roy Russell Ruth Ryan Samuel Sandra Sara Sarah Scott Sean
    Sharon Shirley Stephanie Stephen Steve Steven Susan Teresa Terry Thomas Timothy Tom Tony Virginia Walter
    Wayne William Willie""".split()
) - frozenset({"Virginia"}) | frozenset(
    # ... and given names common in other languages that world news writes before a surname, as commonly listed
    # for Russian, Ukrainian, Arabic, Spanish and Portuguese ("to Vladimir Putin" is no trip to Vladimir).
    """Vladimir Sergei Sergey Dmitry Dmitri Alexei Alexey Mikhail Nikolai Viktor Volodymyr Oleksandr Andriy Yulia
    Olena Mohammed Muhammad Mohammad Ahmed Ahmad Hassan Hussein Abdullah Khalid Omar Salman Cyril Emmanuel Recep
    Narendra Luiz Jair Javier Gustavo Nicolas Pedro Carlos Fernando Jorge Pablo Sergio""".split()
)

# Names of states, countries and cities that are also common given names: before a surname they are a person's.
AREA_GIVEN_NAMES = frozenset(
    """Georgia Virginia Carolina India Florence Austin Madison Jordan Sydney Victoria Chelsea Paris Savannah
    Brooklyn Dallas Houston Denver Aurora Alexandria Adelaide Regina Lorraine Chad Israel Kenya Dakota Cheyenne
    Phoenix Sierra Asia Africa America""".split()
)

# Titles held "of" a place: "the Duchess of Cambridge", "the Earl of Wessex". The place is part of the title.
NOBLE_TITLES = frozenset("Duke Duchess Earl Countess Marquess".split())
