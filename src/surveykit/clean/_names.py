"""Common given names and surnames in Norway, Sweden, Denmark and the UK, for masking names
written without a cue word ("Kari Nordmann var hjelpsom", "ring ola hansen").

Compiled by hand for surveykit from the most frequent names in the national name statistics
(Statistics Norway's "navn" pages, Statistics Sweden's and Statistics Denmark's name lists,
the UK Office for National Statistics' baby-name and surname lists); no list was copied, and
words that are mostly ordinary words in the five languages (Per, Liv, Dag, Tor, Sol, Vår, Bo,
Ask, May, Will, Mark, Rose, Berg, Dahl, Lie, Strand, Vik, Moe, Lund, Holm, Hill, Wood, ...)
are left out of the single-name rule (see ``AMBIGUOUS``).

Example:
    >>> "kari" in GIVEN and "nordmann" in SURNAMES and "per" in AMBIGUOUS
    True
"""

from __future__ import annotations

__all__ = ["AMBIGUOUS", "GIVEN", "SURNAMES"]

_GIVEN = """
ada adam adrian agnes agnete ahmed aksel alberte albert aleksander alexander alf alfred ali alice alma amalie
amanda amelia amir amund anders andreas andrea ane anette anita anja ann anna anne anne-lise annette anton
ari arild arne arnfinn arvid asbjørn aslak astrid atle audun aurora axel
benedicte bengt bent berit birgit birgitta birger bjarne bjørg bjørn bodil bror brita britt brynjar børge
camilla carina carl caroline cathrine cecilie charlotte christian christina christine christoffer clara connie
dagfinn dagny dagrun daniel david didrik dorthe
ebba edvard egil eili eilif einar eirik eivind elias elin elisabeth elise ella ellen elsa else emil emilie emily
emma endre erik erika erling eskil espen ester eva even
filip finn frank fredrik freja frida frode frøydis
gard geir gerd gisle grete gro gudrun gunhild gunn gunnar gunnhild gustav guttorm gøran göran
hanna hanne hans harald hedda heidi helene helga helge helle henning henrik herman hilde hjalmar hugo håkon
ida ine inga inge ingeborg inger ingrid ingunn ingvild iris isak ivar
jakob james jan jane janne jarle jens jesper jette joakim johan johanne johannes john jon jonas jonathan
jorunn josefine julie julia jørgen jørn karen kari karin karina karl kasper katarina kathrine katrine kenneth
kim kirsten kjell kjersti klara knut kristian kristin kristine kristoffer kåre
lars laila lasse laura lea leif lena lene lennart lill linda line linn linnea lisa lise liss live lotte louise
lucas ludvig lukas maja malene malin marcus margit margrethe mari maria marianne marie marit marte martin
martine mathias mats matteo mette michael mikael mikkel mohammad mohammed monica monika morten
nanna nikolai nils nina noah nora odd oda olav ola ole oliver olivia olof oscar oskar ottar
pernille peder pedro petter peter pia pål ragnar ragnhild randi rasmus reidar rikke robert roger rolf ronny
rune ruth sander sandra sara sarah sebastian selma sigmund sigrid sigurd silje simen simon sindre siri
sissel siv-anne sivert solveig sondre sonja stein steinar stian stig stine sune susanne svein sven sverre
synne synnøve sølvi søren terje thea theo thomas thor thorbjørn tiril tobias tom tomas tone tonje tora
torbjørn tore torgeir torhild tormod torstein trine trond trude truls turid tuva ulf ulla ulrik unni
vebjørn vegard vera veronica vibeke victoria viktor vilde vilja vilhelm william wenche yngve ylva øystein åse
åsmund ane-marte emma-louise jan-erik per-olav karl-johan anne-marie
"""

# given names that are mostly ordinary words somewhere in nb/nn/sv/da/en: masked only in a full
# name (with a surname) or after a cue word, never alone
AMBIGUOUS = frozenset(str.split("""
per liv dag tor sol vår bo ask may will mark rose grace hope faith august siv eli mai storm bris
elv fjord ulv idun mons hans even live tom kim lill else ane lene gro stein line finn stig gard odd
frank bent rune tone tore bror axel aksel vilde tuva iris lena nora
"""))

_SURNAMES = """
hansen johansen olsen larsen andersen pedersen nilsen kristiansen jensen karlsen johnsen pettersen eriksen
haugen hagen johannessen andreassen jacobsen jakobsen jørgensen halvorsen henriksen sørensen gundersen iversen
solberg svendsen eide knutsen martinsen paulsen bakken kristoffersen mathisen amundsen nguyen rasmussen ali
lunde solheim berge nygård bakke kristensen fredriksen lien hauge christensen andresen nielsen knudsen evensen
sæther aas myhre hanssen ahmed haugland thomassen sivertsen simonsen danielsen berntsen sandvik rønning
arnesen antonsen næss ellingsen thorsen edvardsen birkeland isaksen gulbrandsen ruud aasen strøm myklebust
tangen ødegård eliassen helland bøe jenssen aune mikkelsen tveit brekke abrahamsen madsen nordmann
andersson johansson karlsson nilsson eriksson larsson olsson persson svensson gustafsson pettersson jonsson
jansson hansson bengtsson jönsson lindberg jakobsson magnusson olofsson lindström lindqvist lindgren axelsson
bergström lundberg lundgren lundqvist mattsson berglund fredriksson sandberg henriksson forsberg sjöberg
wallin engström eklund danielsson håkansson lundin björk bergman gunnarsson holmberg wikström samuelsson
isaksson fransson bergqvist nyström holmström arvidsson löfgren söderberg nyberg blomqvist claesson
petersen thomsen christiansen poulsen møller mortensen jeppesen frederiksen laursen østergaard
smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson wright walker
white edwards hughes green hall lewis harris clarke patel jackson anderson campbell stewart murphy
"""

GIVEN = frozenset(str.split(_GIVEN)) | AMBIGUOUS
SURNAMES = frozenset(str.split(_SURNAMES))
