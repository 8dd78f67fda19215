"""Words a citation parser has to know: places of publication, publishers,
periodicals, organisations, name particles, months.

Notes in the press style leave out the commas ("K Marx Letters to Dr
Kugelmann London 1936"), so the parser needs to know that "London" is a place
and not the end of a title. The lists are short and general; a place not
listed is still found when it stands alone before the year.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (the lists below are easier to read as text)."""
    return frozenset(text.split())


PLACES: frozenset[str] = word_set(
    """
    Aberdeen Adelaide Amsterdam Ann_Arbor Athens Auckland Austin Baltimore Barcelona
    Basel Basingstoke Beijing Belfast Belgrade Berkeley Berlin Bern Birmingham Bologna
    Bombay Bonn Boston Boulder Bristol Brighton Brussels Bucharest Budapest Buenos_Aires
    Cairo Calcutta Cambridge Cambridge,_MA Cambridge,_Mass. Canberra Cape_Town Cardiff
    Chapel_Hill Chicago Chichester Cologne Copenhagen Cork Delhi Detroit Dublin Durham
    Düsseldorf Edinburgh Evanston Florence Frankfurt Frankfurt_am_Main Geneva Genève
    Glasgow Göttingen Hamburg Hanover The_Hague Harmondsworth Havana Heidelberg Helsinki
    Hobart Hong_Kong Houndmills Istanbul Ithaca Jerusalem Johannesburg Kharkiv Kiev Kyiv
    Lanham Lausanne Leeds Leiden Leipzig Lewes Lisbon Liverpool London Los_Angeles
    Louvain Lund Lyon Madison Madrid Manchester Melbourne Mexico Mexico_City Milan
    Milano Minneapolis Montreal Montréal Moscow Munich München Naples Nashville
    New_Brunswick New_Delhi New_Haven New_York Newcastle Newton_Abbot Northampton
    Norwich Nottingham Oakland Oslo Ottawa Oxford Palo_Alto Paris Perth Petrograd
    Philadelphia Pittsburgh Portsmouth Prague Princeton Reading Rome Roma Rotterdam
    Saint_Petersburg San_Francisco Santiago São_Paulo Seattle Sheffield Singapore Sofia
    Stanford St_Petersburg St._Petersburg Stockholm Stuttgart Sydney Tokyo Toronto Turin
    Torino Urbana Utrecht Vancouver Venice Vienna Wien Warsaw Washington Wellington
    Westport Woodbridge Zagreb Zürich Zurich Kraków Cracow Lviv Odessa Donetsk Minsk
    Riga Vilnius Tallinn Tbilisi Baku Leningrad Stalingrad Köln Lille Marseille Bordeaux
    Toulouse Nantes Grenoble Strasbourg Geneve Brooklyn Harvard Abingdon Farnham
    Aldershot Albany Amherst Bloomington Cincinnati Cleveland Columbus Dallas Denver
    Honolulu Lincoln Minneapolis Montevideo Lima Bogotá Caracas Quito Karachi Lahore
    Dhaka Colombo Jakarta Manila Seoul Shanghai Nanjing Kolkata Mumbai Chennai Ljubljana
    Bratislava Sarajevo Skopje Tirana Ankara Tehran Beirut Damascus Baghdad Amman Tunis
    Algiers Rabat Dakar Lagos Accra Nairobi Harare Lusaka Durban Pretoria Winnipeg
    Halifax Québec Quebec Regina Victoria Pluto Zed
    """
)
PLACES = frozenset(p.replace("_", " ") for p in PLACES) - {"Pluto", "Zed"}

# words ending a publisher's name ("Pluto Press", "Basic Books", "Dietz Verlag")
PUBLISHER_WORDS = word_set(
    """
    Press Books Verlag Publishers Publisher Publishing Publications Editions Éditions
    Editores Editori Editore Editorial Edizioni Uitgeverij Förlag Forlag Izdatelstvo
    Verso Penguin Pelican Macmillan Routledge Blackwell Longman Longmans Gollancz Faber
    Heinemann Methuen Cape Wiley Allen Unwin Wishart Dietz Maspero Seuil Gallimard
    Einaudi Feltrinelli Haymarket Brill Palgrave Merlin Bookmarks Pathfinder Zed Pluto
    Tauris Sage Harvester Hutchinson Norton Knopf Doubleday Random House Vintage Harper
    Collins Scribner Putnam Beacon Dover Monthly Review Progress Politizdat Cassell
    Constable Murray Chatto Windus Bodley Hogarth Virago Fontana Granta Picador Lane
    Abacus Sphere Allison Busby Calder Boyars Scribners Praeger Greenwood Harcourt
    Houghton Mifflin Little Brown Doubleday Anchor Grove Pantheon Viking Simon Schuster
    Duckworth Clarendon Polity Ashgate Continuum Bloomsbury Springer Westview Hachette
    Fayard Flammarion Plon Payot Minuit Découverte Sociales Stock Larousse Nathan
    Suhrkamp Rowohlt Fischer Beck Kohlhammer Mohr Siebeck Campus Karl Nauka Mysl Ink
    Lawrence
    """
)

# a publisher that is a single word and so cannot be told by a last word
PUBLISHERS = word_set(
    """
    Verso Penguin Pelican Macmillan Routledge Blackwell Longman Longmans Gollancz Faber
    Heinemann Methuen Cape Wiley Dietz Maspero Seuil Gallimard Einaudi Feltrinelli
    Haymarket Brill Palgrave Merlin Bookmarks Pathfinder Tauris Sage Harvester
    Hutchinson Norton Knopf Doubleday Vintage Harper Scribner Putnam Beacon Dover
    Progress Politizdat Cassell Constable Murray Fontana Granta Picador Abacus Praeger
    Greenwood Grove Pantheon Viking Duckworth Clarendon Polity Ashgate Continuum
    Bloomsbury Springer Westview Hachette Fayard Flammarion Plon Payot Minuit Suhrkamp
    Rowohlt Nauka Mysl Virago Sphere Collins
    """
)

# a container that is a periodical, not a book ("… Review", "Weekly Worker")
PERIODICAL_WORDS = word_set(
    """
    Review Journal Quarterly Monthly Weekly Daily Times Post Herald Tribune Gazette
    Guardian Observer Telegraph Independent Worker Workers Magazine Bulletin Zeitung
    Nation Chronicle Standard Mirror Express Record Courier Star Sun News Newsletter
    Spectator Socialist Militant Monde Humanité Rundschau Pravda Izvestia Iskra Vorwärts
    Tribune Week Quarterly Annals Annales Studies Affairs Economist Survey Register
    Notes Digest Dispatch Inquirer Mercury Advocate Sentinel Globe Statesman Critique
    Dissent Forum Left Radical Jacobin Kommunist Proceedings Transactions Archiv
    Archives Cahiers Revue Rivista Zeitschrift Bollettino
    """
)

# an author that is an organisation ("Dutch Safety Board", "Amnesty International")
ORGANISATION_WORDS = word_set(
    """
    Board Committee Commission Council Party Office Ministry Department Bureau Institute
    Institution Society Association League Congress Government Agency Organisation
    Organization Union Federation Group International Watch Amnesty Foundation Trust
    Centre Center Assembly Parliament Secretariat Executive Directorate Tribunal Court
    Conference Movement Collective Network Programme Program Mission Service Authority
    Corporation Company Bank Fund Nations
    """
)

# words that begin a title, never a given name ("The Times", "A History of …")
NOT_GIVEN = word_set(
    """
    The A An On In Of For From To And Or But With Without Against After Before Between
    Report Reports Minutes Letter Letters Speech Address Theses Manifesto Resolution
    Evidence Testimony Deposition Inquiry Enquiry
    Programme Statement Declaration Appeal History Histories Notes Note Introduction
    Preface Selected Collected Complete Works Writings Papers Documents Critique Capital
    Das Die Der La Le Les L El Il Lo Los Las Il Du Des Une Un Ein Eine What Why How When
    Where Who Is Are Was This That These Those My Our Their His Her Its See Also Quoted
    Cited Both Further More Compare Cf Discussed Interview Archive Archives Ibid Op Loc
    Volume Vol Part Book Chapter Section Appendix Edition New Old Short Brief Great
    Little Towards Toward Beyond Under Over Through Reflections Thoughts Essays Essay
    Studies Socialism Marxism Anarchism Communism Revolution Revolutions State States
    January February March April May June July August September October November
    December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)

# words that start a sentence of comment, never a title ("Not the English …")
SENTENCE_OPENERS = word_set(
    """
    Thus Hence Altogether Even Yet Still However Moreover Besides Indeed Perhaps
    Nevertheless Again Afterwards Formerly Elsewhere Lastly Finally Firstly Secondly
    Meanwhile Accordingly Otherwise Likewise Nay Not But And Or So Considering Whereas
    """
)
# … nor an author ("Thus, for example, …", "Vol. ii. p. 80")
OPENERS = SENTENCE_OPENERS | word_set(
    """
    Which If At Here There Now Then Sir Madam Citizens Gentlemen Vol Vols Tom Tome Book
    Chap Chapter Part Section Note
    """
)

# lower-case words of a sentence that a title seldom holds unmarked: pronouns,
# finite verbs, relatives ("Minister of War from 1871, he was in …")
PROSE_WORDS = word_set(
    """
    he she they we you his our them him us me
    is are was were has have had been being am
    said says say answered replied asked cried wrote writes told tells
    did does do would could should shall will must might may cannot
    which who whom whose whereas therefore however when while because although
    """
)

# particles inside a family name ("Alexis de Tocqueville", "W. E. B. Du Bois")
PARTICLES = word_set(
    """
    de du des da di del della von van der den ten ter la le St St. Du De Van Von Da Di
    """
)

# a group that matches a month at a word's start (the \\b saves trying every
# month at every letter of a note)
MONTHS = (
    "(?=\\b)(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
)
