"""Word lists of general English news usage that the text pipeline's rules read.

Only general vocabulary lives here: reporting verbs, titles, honorifics, pronouns, role and
organisation words. Nothing names a particular organisation, site or page: knowledge of particular
organisations reaches the pipeline as data (known entities and their aliases).
All entries are lower case; look words up with `word.casefold()`.
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATED_TITLES",
    "ADVERBS_BEFORE_VERB",
    "AFFILIATION_WORDS",
    "AUDIENCE_NOUNS",
    "CALLING_VERBS",
    "COMMON_NEWS_WORDS",
    "DETERMINERS",
    "DOCUMENT_NOUNS",
    "FEMALE",
    "FEMALE_GIVEN_NAMES",
    "FEMALE_HONORIFICS",
    "FEMALE_WORDS",
    "GENERIC_ORGANISATION_NOUNS",
    "HONORIFICS",
    "LAW_AND_DOCUMENT_WORDS",
    "MALE",
    "MALE_GIVEN_NAMES",
    "MALE_HONORIFICS",
    "MALE_WORDS",
    "MEDIA_WORDS",
    "MONTHS",
    "NAME_LIKE_MONTHS",
    "NEGATIONS",
    "NOT_CLAUSE_OPENINGS",
    "NOT_NAME_WORDS",
    "ORGANISATION_HEADS",
    "PERSON_PRONOUNS",
    "PLACE_WORDS",
    "PLEDGE_VERBS",
    "POST_NOMINALS",
    "PRONOUN_GENDER",
    "REPORTING_VERBS",
    "ROLE_MODIFIERS",
    "ROLE_WORDS",
    "SPEECH_NOUNS",
    "SPOKESPERSON_WORDS",
    "STANCE_VERBS",
    "STOPWORDS",
    "US_STATE_ABBREVIATIONS",
    "VERB_AUXILIARIES",
    "WEEKDAYS",
    "words",
]


def words(block: str) -> frozenset[str]:
    """A word list written as whitespace-separated words."""
    return frozenset(block.split())


FEMALE = "female"
MALE = "male"

# Verbs that report speech or writing, in the forms news copy uses them. A reporting clause is
# "<speaker> <verb>" or "<verb> <speaker>" next to a quote, or "<speaker> <verb> (that) <clause>".
REPORTING_VERBS = frozenset(
    [
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "add",
        "adds",
        "added",
        "adding",
        "write",
        "writes",
        "wrote",
        "written",
        "writing",
        "ask",
        "asks",
        "asked",
        "continue",
        "continues",
        "continued",
        "explain",
        "explains",
        "explained",
        "reply",
        "replies",
        "replied",
        "answer",
        "answers",
        "answered",
        "insist",
        "insists",
        "insisted",
        "declare",
        "declares",
        "declared",
        "affirm",
        "affirms",
        "affirmed",
        "lament",
        "laments",
        "lamented",
        "conclude",
        "concludes",
        "concluded",
        "state",
        "states",
        "stated",
        "warn",
        "warns",
        "warned",
        "claim",
        "claims",
        "claimed",
        "argue",
        "argues",
        "argued",
        "announce",
        "announces",
        "announced",
        "note",
        "notes",
        "noted",
        "respond",
        "responds",
        "responded",
        "admit",
        "admits",
        "admitted",
        "acknowledge",
        "acknowledges",
        "acknowledged",
        "suggest",
        "suggests",
        "suggested",
        "comment",
        "comments",
        "commented",
        "remark",
        "remarks",
        "remarked",
        "recall",
        "recalls",
        "recalled",
        "tweet",
        "tweets",
        "tweeted",
        "post",
        "posts",
        "posted",
        "predict",
        "predicts",
        "predicted",
        "promise",
        "promises",
        "promised",
        "pledge",
        "pledges",
        "pledged",
        "vow",
        "vows",
        "vowed",
        "deny",
        "denies",
        "denied",
        "confirm",
        "confirms",
        "confirmed",
        "observe",
        "observes",
        "observed",
        "point",
        "points",
        "pointed",
        "contend",
        "contends",
        "contended",
        "maintain",
        "maintains",
        "maintained",
        "assert",
        "asserts",
        "asserted",
        "stress",
        "stresses",
        "stressed",
        "emphasise",
        "emphasises",
        "emphasised",
        "emphasize",
        "emphasizes",
        "emphasized",
        "complain",
        "complains",
        "complained",
        "quip",
        "quips",
        "quipped",
        "joke",
        "jokes",
        "joked",
        "shout",
        "shouts",
        "shouted",
        "yell",
        "yells",
        "yelled",
        "yelling",
        "shouting",
        # No "chanting"/"screaming": a crowd's participle ("..., where protesters gathered,
        # chanting "..."") would take the sentence's subject.
        "chant",
        "chants",
        "chanted",
        "blog",
        "blogs",
        "blogged",
        "scream",
        "screams",
        "screamed",
        "cry",
        "cries",
        "cried",
        "boast",
        "boasts",
        "boasted",
        "concede",
        "concedes",
        "conceded",
        "allege",
        "alleges",
        "alleged",
        "charge",
        "charges",
        "charged",
        "testify",
        "testifies",
        "testified",
        "report",
        "reports",
        "reported",
        "reveal",
        "reveals",
        "revealed",
        "disclose",
        "discloses",
        "disclosed",
        "mention",
        "mentions",
        "mentioned",
        "recount",
        "recounts",
        "recounted",
        "muse",
        "muses",
        "mused",
        "recommend",
        "recommends",
        "recommended",
        "caution",
        "cautions",
        "cautioned",
        "urge",
        "urges",
        "urged",
        "agree",
        "agrees",
        "agreed",
        "counter",
        "counters",
        "countered",
        "retort",
        "retorts",
        "retorted",
        "protest",
        "protests",
        "protested",
        "whisper",
        "whispers",
        "whispered",
        "proclaim",
        "proclaims",
        "proclaimed",
        "shot back",
        "made clear",
        "makes clear",
        "make clear",
        "fired back",
        "hit back",
        "bemoan",
        "bemoans",
        "bemoaned",
        "grouse",
        "groused",
        "grouses",
        "opine",
        "opines",
        "opined",
        # Only with "that": "estimated the fortune at $42 billion" reports no one's words.
        "estimate that",
        "estimates that",
        "estimated that",
    ]
) | words(
    """
    fume fumes fumed bark barks barked snap snaps snapped scoff scoffs scoffed exclaim exclaims
    exclaimed gush gushes gushed sneer sneers sneered plead pleads pleaded demand demands
    demanded wonder wonders wondered react reacts reacted email emails emailed reiterate
    reiterates reiterated repeat repeats repeated interject interjects interjected assure assures
    assured elaborate elaborates elaborated rail rails railed boom booms boomed beam beams beamed
    ponder ponders pondered
    noting declaring arguing warning claiming insisting explaining announcing responding
    admitting acknowledging suggesting recalling tweeting predicting promising pledging vowing
    denying stressing complaining quipping joking boasting conceding urging countering
    proclaiming replying asking stating concluding asserting maintaining contending
    emphasizing emphasising lamenting posting
    """
)
# Verbs that put words on a subject without reporting a statement of theirs verbatim: they bind
# a quote only when the quote follows them at once ("X called it 'a disaster'").
CALLING_VERBS = frozenset(
    [
        "call",
        "calls",
        "called",
        "calling",
        "describe",
        "describes",
        "described",
        "describing",
        "dub",
        "dubs",
        "dubbed",
        "label",
        "labels",
        "labelled",
        "labeled",
        "labeling",
        "labelling",
        "dubbing",
        "branding",
        "terming",
        "deeming",
        "characterizing",
        "characterising",
        "brand",
        "brands",
        "branded",
        "term",
        "terms",
        "termed",
        "refer",
        "refers",
        "referred",
        "characterize",
        "characterizes",
        "characterized",
        "characterise",
        "characterises",
        "characterised",
        "deem",
        "deems",
        "deemed",
        "summed up",
        "sums up",
    ]
)
# Verbs of stance that news copy uses around a quoted phrase of the subject's own: "Clinton
# decried the GOP for "turning its back"", "Lee thanked them for "standing firm"", "Lee cited
# "rising costs"", "Lee echoed: "...". They bind a quote in their clause, unless the quote
# belongs to someone else ("criticised Trump's "remarks"").
STANCE_VERBS = words(
    """
    decried decries criticised criticized criticises criticizes praised praises blasted blasts
    slammed slams accused accuses questioned questions mocked mocks attacked attacks defended
    defends dismissed dismisses rejected rejects touted touts hailed hails condemned condemns
    welcomed welcomes lambasted lambasts derided derides ridiculed ridicules vowed vows
    denounced denounces lauded lauds applauded applauds chided chides scolded scolds berated
    berates ripped rips bashed bashes panned pans assailed assails castigated castigates
    excoriated excoriates disparaged disparages belittled belittles blamed blames
    thanked thanking credited crediting cited cites citing echoed echoes echoing
    chiding scolding praising criticizing criticising mocking blasting slamming touting hailing
    dismissing rejecting accusing condemning denouncing lauding berating lambasting deriding
    ridiculing decrying blaming heralded heralds
    """
)
# Words that may stand between a speaker and the reporting verb: "Smith also said", "she has
# since said", "he would later tell".
VERB_AUXILIARIES = frozenset(
    [
        "has",
        "have",
        "had",
        "is",
        "was",
        "were",
        "will",
        "would",
        "could",
        "also",
        "then",
        "later",
        "previously",
        "once",
        "since",
        "further",
        "again",
        "recently",
        "earlier",
        "subsequently",
        "repeatedly",
        "quickly",
        "simply",
        "publicly",
        "privately",
        "separately",
        "flatly",
        "reportedly",
    ]
)
ADVERBS_BEFORE_VERB = VERB_AUXILIARIES
DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "one",
    ]
)

PERSON_PRONOUNS = frozenset(["he", "she"])
PRONOUN_GENDER = {
    "he": MALE,
    "him": MALE,
    "his": MALE,
    "she": FEMALE,
    "her": FEMALE,
    "hers": FEMALE,
}

# Honorifics and courtesy titles that stand before a name ("Mr Blair", "Baroness Smith").
MALE_HONORIFICS = frozenset(["mr", "mr.", "sir", "lord", "baron"])
FEMALE_HONORIFICS = frozenset(
    ["mrs", "mrs.", "ms", "ms.", "miss", "lady", "dame", "baroness", "madam"]
)
HONORIFICS = (
    MALE_HONORIFICS
    | FEMALE_HONORIFICS
    | frozenset(
        [
            "mx",
            "dr",
            "dr.",
            "prof",
            "prof.",
            "professor",
            "rev",
            "rev.",
            "reverend",
            "rabbi",
            "imam",
            "cllr",
            "councillor",
            "rt",
            "hon",
            "the-hon",
            "judge",
            "justice",
        ]
    )
)
# Titles written as abbreviations with a full stop in US copy: "Sen. Patty Murray", "Rep. Scott".
ABBREVIATED_TITLES = frozenset(
    [
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "gen",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "atty",
        "supt",
        "insp",
        "det",
        "cpl",
        "pvt",
        "amb",
        "pres",
        "sec",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "rev",
        "st",
        "jr",
        "sr",
        "hon",
    ]
)
# Gendered common nouns for people: "the congresswoman", "spokeswoman Jane Roe", "his wife".
FEMALE_WORDS = frozenset(
    [
        "woman",
        "women",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "businesswoman",
        "councilwoman",
        "assemblywoman",
        "stateswoman",
        "wife",
        "mother",
        "daughter",
        "sister",
        "widow",
        "girl",
        "grandmother",
        "aunt",
        "niece",
        "actress",
        "waitress",
    ]
)
MALE_WORDS = frozenset(
    [
        "man",
        "men",
        "spokesman",
        "chairman",
        "congressman",
        "businessman",
        "councilman",
        "assemblyman",
        "statesman",
        "husband",
        "father",
        "son",
        "brother",
        "widower",
        "boy",
        "grandfather",
        "uncle",
        "nephew",
        "actor",
    ]
)
# Common English given names: a capitalised pair starting with one is a person ("Mary Hill"),
# and the name's usual gender is weak evidence for pronouns (titles and the text's own
# pronouns outweigh it). Names used for both are left out.
FEMALE_GIVEN_NAMES = words(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah
    stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole samantha katherine christine debra rachel catherine carolyn janet ruth maria heather
    diane virginia julie joyce victoria kelly christina joan evelyn lauren judith olivia martha
    cheryl megan andrea hannah jacqueline ann jean alice kathryn gloria teresa doris sara janice
    julia marie madison grace judy theresa beverly denise marilyn amber danielle abigail brittany
    rose diana natalie sophia alexis lori kayla jane hillary nikki condoleezza nancy ruth tessa
    harriet yvette theresa nicola kirsty ruth clare claire fiona margaret gillian caroline
    jacqui hazel estelle patsy dianne elena sonia loretta carly melania ivanka huma sheila
    valerie kirsten tammy maxine debbie susana priya kamala
    """
)
MALE_GIVEN_NAMES = words(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
    christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse
    jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
    vincent ralph eugene russell bobby mason philip louis barack bernie ted marco jeb mitt
    mitch chris rand mike tony gordon nick ed boris jeremy vince tom bill hugh iain ian neil
    alistair liam gareth dominic oliver rishi keir nigel ken jim bob dick newt reince don
    """
)
# Letters after a name: "Luciana Berger MP", "John Smith QC".
POST_NOMINALS = frozenset(
    [
        "mp",
        "mk",
        "mep",
        "msp",
        "am",
        "ms",
        "mla",
        "qc",
        "kc",
        "obe",
        "cbe",
        "mbe",
        "frs",
        "phd",
        "jr",
        "jr.",
        "sr",
        "sr.",
        "ii",
        "iii",
        "esq",
    ]
)
# Documents that speak for whoever issued them: "the statement went on", "the letter said".
DOCUMENT_NOUNS = words("statement letter message release")
# Words that end the names of laws, documents and events, which a text may quote but which are
# no one's voice: "the Affordable Care Act says", "the Constitution states".
LAW_AND_DOCUMENT_WORDS = words(
    """
    act acts bill law laws constitution amendment amendments treaty accord accords agreement
    article articles bible koran quran code charter declaration clause resolution report poll
    survey study order ruling memo letter statement platform manifesto doctrine rule rules
    """
)
# Nouns for something someone said, whose "that" clause holds their words: "Trump's claim that
# Obama "founded ISIS"", "Comey's conclusion that her actions were "extremely careless"".
SPEECH_NOUNS = words(
    """
    claim claims assertion assertions accusation accusations allegation allegations contention
    insistence conclusion suggestion argument warning promise pledge vow charge prediction
    complaint declaration admission boast remark remarks comment comments statement
    """
)
SPOKESPERSON_WORDS = frozenset(
    [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "spokespeople",
        "spokesmen",
        "spokeswomen",
        "representative",
        "representatives",
        "aide",
        "aides",
        "official",
        "officials",
        "source",
        "sources",
        "insider",
        "insiders",
        "press-office",
    ]
)
# Heads of role and job titles: a phrase ending in one is a description, never a name.
ROLE_WORDS = frozenset(
    [
        "leader",
        "leaders",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "co-chair",
        "co-chairman",
        "co-chairwoman",
        "president",
        "vice-president",
        "secretary",
        "treasurer",
        "officer",
        "minister",
        "whip",
        "mayor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "director",
        "head",
        "founder",
        "co-founder",
        "candidate",
        "ceo",
        "cfo",
        "coo",
        "editor",
        "correspondent",
        "reporter",
        "chancellor",
        "governor",
        "councillor",
        "councilor",
        "member",
        "members",
        "actor",
        "comedian",
        "filmmaker",
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "rep",
        "sen",
        "gov",
        "delegate",
        "nominee",
        "frontrunner",
        "front-runner",
        "adviser",
        "advisor",
        "strategist",
        "analyst",
        "economist",
        "professor",
        "lawyer",
        "attorney",
        "judge",
        "justice",
        "sheriff",
        "commissioner",
        "superintendent",
        "chief",
        "executive",
        "manager",
        "chairman-elect",
        "speaker",
        "premier",
        "ambassador",
        "envoy",
        "general",
        "colonel",
        "captain",
        "lieutenant",
        "sergeant",
        "admiral",
        "commander",
        "official",
        "officials",
        "aide",
        "aides",
        "researcher",
        "scientist",
        "expert",
        "experts",
        "author",
        "writer",
        "columnist",
        "host",
        "anchor",
        "pollster",
        "consultant",
        "lobbyist",
        "activist",
        "campaigner",
        "organiser",
        "organizer",
        "volunteer",
        "voter",
        "voters",
        "supporter",
        "supporters",
        "critic",
        "critics",
        "donor",
        "donors",
        "resident",
        "residents",
        "student",
        "students",
        "teacher",
        "doctor",
        "nurse",
        "officer",
        "officers",
        "agent",
        "agents",
        "investigator",
        "prosecutor",
        "prosecutors",
        "defendant",
        "witness",
        "owner",
        "partner",
        "president-elect",
        "deputy",
        "assistant",
        "coordinator",
        "administrator",
        "director-general",
        "secretary-general",
        "principal",
        "provost",
        "pastor",
        "bishop",
        "archbishop",
        "cardinal",
        "pope",
        "rabbi",
        "imam",
        "priest",
        "minister-designate",
        "mp",
        "mps",
        "msp",
        "mep",
        "peer",
        "peers",
        "backbencher",
        "backbenchers",
    ]
)
# Words that qualify a role: "shadow Home Secretary", "former deputy leader".
ROLE_MODIFIERS = frozenset(
    [
        "vice",
        "deputy",
        "general",
        "national",
        "parliamentary",
        "shadow",
        "prime",
        "home",
        "foreign",
        "chief",
        "executive",
        "former",
        "new",
        "senior",
        "acting",
        "interim",
        "assistant",
        "joint",
        "lead",
        "state",
        "federal",
        "local",
        "regional",
        "junior",
        "ranking",
        "top",
        "outgoing",
        "incoming",
        "retired",
        "then-",
    ]
)
# Heads of organisation names: "Institute for Fiscal Studies", "Blackpool Hotel Association".
ORGANISATION_HEADS = frozenset(
    [
        "movement",
        "party",
        "union",
        "committee",
        "council",
        "trust",
        "group",
        "association",
        "society",
        "federation",
        "board",
        "foundation",
        "institute",
        "institution",
        "international",
        "commission",
        "office",
        "department",
        "ministry",
        "government",
        "agency",
        "alliance",
        "league",
        "network",
        "coalition",
        "campaign",
        "club",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "plc",
        "llc",
        "bank",
        "university",
        "college",
        "school",
        "church",
        "synagogue",
        "mosque",
        "charity",
        "fund",
        "service",
        "services",
        "forum",
        "assembly",
        "parliament",
        "congress",
        "senate",
        "court",
        "police",
        "organisation",
        "organization",
        "centre",
        "center",
        "cabinet",
        "executive",
        "authority",
        "administration",
        "bureau",
        "council",
        "confederation",
        "consortium",
        "partnership",
        "caucus",
        "conference",
        "tribunal",
        "inquiry",
        "unit",
        "force",
        "forces",
        "army",
        "navy",
    ]
)
# Organisations that stand for a party or body in general use ("the group", "the body").
GENERIC_ORGANISATION_NOUNS = frozenset(
    [
        "group",
        "organisation",
        "organization",
        "movement",
        "body",
        "party",
        "union",
        "campaign",
        "charity",
        "company",
        "council",
        "committee",
        "association",
        "agency",
        "department",
        "ministry",
        "government",
    ]
)
# Media names end in these words: they report, and are rarely the speaker of what they report.
MEDIA_WORDS = frozenset(
    [
        "news",
        "times",
        "post",
        "guardian",
        "telegraph",
        "herald",
        "tribune",
        "journal",
        "gazette",
        "chronicle",
        "mail",
        "express",
        "observer",
        "independent",
        "standard",
        "mirror",
        "sun",
        "today",
        "press",
        "globe",
        "register",
        "sentinel",
        "inquirer",
        "examiner",
        "magazine",
        "review",
    ]
)
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# Months that are also names ("Theresa May", "June Sarpong", "Jan Brewer": a month's short form
# is written "Jan." or before a day, never before a capitalised word).
NAME_LIKE_MONTHS = frozenset(["may", "june", "april", "august", "jan"])
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
# Place words that begin capitalised runs which are places or institutions, never people.
PLACE_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "middle",
        "united",
        "new",
        "street",
        "road",
        "square",
        "avenue",
        "lane",
        "city",
        "county",
        "state",
        "states",
        "district",
        "province",
        "region",
        "kingdom",
        "republic",
        "island",
        "islands",
        "valley",
        "river",
        "mount",
        "lake",
    ]
)
# Nouns that end the names of places, buildings, waters, laws and events: a capitalised run
# ending in one ("Indian Ocean", "Woodhill Prison", "Hunting Act", "Christmas Midnight Mass"), or
# written right before one in lower case ("King Cross station"), names no person unless a known
# given name opens it. Words that are also common surnames (Hall, House, Lane, Law, Day) are left
# out.
THING_NOUNS = words(
    """
    ocean sea gulf strait channel canal harbour harbor port act acts bill bills treaty prison
    jail gaol hospital clinic infirmary street road avenue square crescent terrace station
    airport stadium palace abbey cathedral chapel mass estate village motorway prize cup lords
    commons
    """
)
# Verbs that open a campaign's name ("Stop Stansted Expansion", "Save Our Schools") or a
# headline's command ("End Bush 'denial'"): a run opening with one names no person.
CAMPAIGN_VERBS = words("stop save end scrap")
# Capitalised words that say which side someone is on, never who they are ("Republicans said").
AFFILIATION_WORDS = words(
    """
    republican republicans democrat democrats democratic conservative conservatives liberal
    liberals independent independents progressive progressives american americans
    """
)
# Capitalised words that are never part of a person's name (sentence openers, function words,
# days and months, document words).
NOT_NAME_WORDS = (
    HONORIFICS
    | ROLE_WORDS
    | ROLE_MODIFIERS
    | ORGANISATION_HEADS
    | (MONTHS - NAME_LIKE_MONTHS)
    | WEEKDAYS
    | DETERMINERS
    | frozenset(
        [
            "in",
            "on",
            "at",
            "it",
            "we",
            "our",
            "they",
            "he",
            "she",
            "i",
            "and",
            "but",
            "so",
            "if",
            "as",
            "or",
            "nor",
            "for",
            "of",
            "to",
            "from",
            "by",
            "with",
            "about",
            "after",
            "before",
            "when",
            "where",
            "what",
            "why",
            "how",
            "who",
            "whom",
            "whose",
            "which",
            "while",
            "whilst",
            "although",
            "though",
            "despite",
            "since",
            "until",
            "unless",
            "because",
            "however",
            "meanwhile",
            "earlier",
            "later",
            "last",
            "next",
            "first",
            "second",
            "third",
            "there",
            "here",
            "yes",
            "no",
            "not",
            "all",
            "every",
            "any",
            "some",
            "many",
            "most",
            "more",
            "much",
            "both",
            "either",
            "neither",
            "each",
            "another",
            "other",
            "several",
            "few",
            # "Team Clinton", "Are you on Team Trump?": a side, never a given name.
            "team",
            "one",
            "two",
            "three",
            "four",
            "five",
            "is",
            "was",
            "are",
            "were",
            "be",
            "been",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "can",
            "could",
            "will",
            "would",
            "should",
            "might",
            "must",
            "shall",
            "also",
            "yet",
            "just",
            "only",
            "even",
            "still",
            "now",
            "then",
            "thus",
            "hence",
            "indeed",
            "perhaps",
            "instead",
            "asked",
            "according",
            "statement",
            "press",
            "release",
            "report",
            "speech",
            "letter",
            "message",
            "email",
            "interview",
            "today",
            "yesterday",
            "tomorrow",
            "tonight",
            "dear",
            "thanks",
            "thank",
            "please",
            "read",
            "click",
            "share",
            "follow",
            "subscribe",
            "sign",
            "watch",
            "listen",
            "like",
            "said",
            "says",
            "told",
            "added",
        ]
    )
)


# Function words: they carry no claim of their own, so matching ignores them.
STOPWORDS = words(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having
    he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
    if in into is isn't it it's its itself let's me more most mustn't my myself nor of off on
    once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
    should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up
    very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
    which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
    your yours yourself yourselves also just mr mrs ms dr said says say told tells added
    since per via upon among across within onto toward towards whether though although
    """
)

# Words of negation: two texts that differ in one of these say opposite things.
NEGATIONS = frozenset(["not", "no", "never", "nor", "none", "nothing", "neither", "without"])

# Words so common in news that sharing them says little about sharing a claim: they count at a
# fraction of an ordinary word's weight when two claims are compared.
COMMON_NEWS_WORDS = words(
    """
    year years month months week weeks day days time times people person government party
    parties new old first last next many much well make made take taken give given get got go
    going went come came see seen know known think thought want wanted need needed way ways
    part parts number numbers use used work working country countries world public plan plans
    minister ministers official officials leader leaders group groups member members issue
    issues today yesterday tomorrow now still even back good great important right left support
    including according statement report reports news week's year's
    """
)


def _abbreviations(block: str) -> dict[str, str]:
    """Lines of "state name: abbreviation ..." -> {abbreviation: state name}, lower case, an
    abbreviation written without its dots ("N.H." is "nh")."""
    table = {}
    for line in block.strip().splitlines():
        name, abbreviations = line.split(":")
        for abbreviation in abbreviations.split():
            table[abbreviation.replace(".", "").casefold()] = name.strip().casefold()
    return table


# US states as US news copy abbreviates them after a legislator's party ("Sen. Ann Lee
# (D-Vt.)", "Rep. Tom Hale, R-TX,"): AP style and postal codes. Place vocabulary, as the
# month and weekday lists are: it names no organisation.
US_STATE_ABBREVIATIONS = _abbreviations(
    """
    alabama: ala al
    alaska: ak
    arizona: ariz az
    arkansas: ark ar
    california: calif ca
    colorado: colo co
    connecticut: conn ct
    delaware: del de
    florida: fla fl
    georgia: ga
    hawaii: hi
    idaho: id
    illinois: ill il
    indiana: ind in
    iowa: ia
    kansas: kan kans ks
    kentucky: ky
    louisiana: la
    maine: me
    maryland: md
    massachusetts: mass ma
    michigan: mich mi
    minnesota: minn mn
    mississippi: miss ms
    missouri: mo
    montana: mont mt
    nebraska: neb nebr ne
    nevada: nev nv
    new hampshire: nh
    new jersey: nj
    new mexico: nm
    new york: ny
    north carolina: nc
    north dakota: nd
    ohio: oh
    oklahoma: okla ok
    oregon: ore or
    pennsylvania: pa
    rhode island: ri
    south carolina: sc
    south dakota: sd
    tennessee: tenn tn
    texas: tex tx
    utah: ut
    vermont: vt
    virginia: va
    washington: wash wa
    west virginia: wva wv
    wisconsin: wis wisc wi
    wyoming: wyo wy
    """
)

# Nouns heading the listener of "told": `told the party conference`, `told Labour members`,
# `told BBC Radio 4's Today programme` (the words after them start what was told).
AUDIENCE_NOUNS = words(
    """
    programme programmes show newspaper paper website site magazine station channel radio
    television broadcaster broadcasters agency members delegates supporters activists voters
    conference conferences audience audiences crowd crowds committee committees court inquiry
    hearing meeting rally gathering convention congress summit assembly parliament peers
    reporters journalists listeners viewers readers students pupils staff workers news
    interviewer interviewers correspondent correspondents
    """
)
# Words a reported clause never opens with when nothing (no `that`) stands between it and its
# verb: a preposition or particle (`wrote to`, `hit back at`, `points out`, `referred to as`),
# a conjunction (`, although`), an object pronoun (`urged them to`), an auxiliary.
NOT_CLAUSE_OPENINGS = words(
    """
    of for on at about with against into onto from over by in to upon off up back down out
    after before under towards toward across through around behind between within without
    as and or but nor although though because while whereas unless yet so than
    him them me us whom
    would will could should can may might must shall was were is are be been being had has
    have did does do not never
    """
)
# Verbs whose `to` infinitive is what was said: `promised to cut taxes`, `vowed to fight on`.
PLEDGE_VERBS = words(
    """
    promise promised promises promising pledge pledged pledges pledging vow vowed vows vowing
    threaten threatened threatens threatening
    """
)
