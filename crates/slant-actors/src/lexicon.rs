//! The small word lists the rules rely on, all written for slant (no list is
//! taken from elsewhere). Each list is a whitespace-separated string turned
//! into a set once; lookups take a lowercase word.

use crate::hash::HashSet;
use std::sync::OnceLock;

/// Capitalised words that start sentences or quotes but are not names.
const FUNCTION_WORDS: &str = "a an the this that these those it its it's he she his her hers him they them
i'm i've i'll i'd i’m i’ve i’ll i’d we're we've we'll we’re we’ve we’ll you're you’re they're they’re he's he’s
she's she’s it’s that's that’s there's there’s let's let’s
their we our us i me my you your in on at by for from to of with without into onto upon after before
during since until while when where whereas which who whom whose what why how if unless although though
because as and but or nor so yet also not no yes all any some many most much more few several each every
both either neither other another such there here then now today yesterday tomorrow tonight last next
first second third one two three four five six seven eight nine ten thirty forty fifty hundreds thousands
millions former late later earlier meanwhile however moreover furthermore still even only just already
according despite instead thus therefore indeed perhaps maybe please let do does did is are was were be
been being have has had will would shall should can could may might must over under above below between
among against across around about near beyond within via per like unlike than let's officials police
protesters critics delegates ministers missiles crowds veterans prosecutors opposition shares farmers
rights residents witnesses analysts experts sources reports observers supporters voters leaders members
workers students soldiers troops families parents children people citizens authorities lawmakers
investigators activists doctors lawyers judges journalists reporters diplomats militants rebels fighters
many defected defectors thousands some others breaking update exclusive
watch read see photo video editor editorial opinion analysis comment news report
hello dear yes okay well oh thanks thank note";

/// Titles that may precede a name; left out of the name, kept as evidence.
const TITLES: &str = "president vice prime minister mr mr. mrs mrs. ms ms. miss dr dr. doctor prof prof.
professor sir dame lord lady king queen prince princess sheikh shaikh sheik emir imam ayatollah
grand mullah rabbi pope cardinal bishop reverend rev rev. father brother sister general gen gen. colonel
col col. major captain capt lieutenant lt sergeant sgt admiral marshal commander senator sen sen.
congressman congresswoman representative rep rep. governor gov gov. mayor judge justice chief chairman
chairwoman chair secretary ambassador chancellor premier speaker deputy director chancellor ceo
foreign interior defence defense finance justice health education trade economy former then acting
interim supreme senior leader spokesman spokeswoman spokesperson commissioner councillor councilman
minister-president crown ex- saint st st. haji hajji mufti sultan shah tsar czar officer
administrative pope";

/// Role words a definite description can end on when it names a person.
const PERSON_HEADS: &str = "dictator president leader ringleader minister spokesman spokeswoman
spokesperson chief official commander general king queen prince princess mayor governor senator
ambassador director founder chairman chairwoman chair secretary defector interpreter veteran man woman
tycoon cleric ayatollah premier chancellor tyrant despot strongman warlord autocrat businessman
businesswoman billionaire activist lawyer judge prosecutor journalist reporter candidate nominee
challenger incumbent rival opponent politician lawmaker legislator congressman congresswoman emir
sheikh sultan monarch ruler boss mastermind militant gunman suspect terrorist leader head envoy diplomat
colonel captain admiral marshal ceo executive economist priest imam pastor rabbi pope bishop writer
author singer actor actress player coach striker star organiser organizer";

/// Head words of organisations (in names and in descriptions).
const ORG_HEADS: &str = "organization organisation group party movement union alliance front council
commission committee congress parliament assembly senate army forces force corps guard guards militia
brigade brigades battalion cult sect gang cartel mafia network company corporation corp firm bank
agency ministry department office bureau authority administration government cabinet court tribunal
institute university college school academy foundation fund association federation league coalition
society church mosque club board service services police navy airforce observatory centre center
press news times post herald tribune journal gazette television radio broadcasting broadcaster
channel inc ltd llc plc group co organization regime outfit faction wing network consortium trust
chamber agency commissioner international caucus";

/// Head words of places (in names and in descriptions).
const PLACE_HEADS: &str = "camp city town village province region state county district country
capital island islands river lake sea ocean gulf bay valley mountain mountains mount hill hills
street square avenue road bridge airport port harbour harbor prison strait peninsula desert coast
border territory territories kingdom republic emirate emirates oblast prefecture canton borough
neighbourhood neighborhood suburb quarter fort cape base";

/// Description heads that may refer back to an organisation (a subset of
/// [`ORG_HEADS`]: "regime" and "government" name states, not organisations
/// the text has named, so they are left to appositions).
const ORG_ANAPHOR_HEADS: &str =
    "organization organisation group party movement union alliance front
council commission committee militia cult sect gang cartel network company corporation firm bank
agency ministry court institute foundation association federation league coalition outfit faction
broadcaster observatory board force";

/// Description heads that may refer back to a place.
const PLACE_ANAPHOR_HEADS: &str = "camp city town village province country capital island
kingdom republic territory prison";

/// Evaluative labels: words that judge an actor rather than describe it.
const LABELS: &str = "terrorist terrorists terror extremist extremists radical radicals jihadist
jihadists ringleader ringleaders henchman henchmen thug thugs gang gangs mob cult sect regime regimes
dictator dictators tyrant tyrants despot despots autocrat autocrats strongman warlord warlords butcher
butchers murderer murderers killer killers criminal criminals gangster gangsters mafia traitor traitors
puppet puppets stooge stooges mercenary mercenaries fanatic fanatics zealot zealots hardliner hardliners
propagandist propagandists agitator agitators rioter rioters looter looters anarchist anarchists
fascist fascists nazi nazis racist racists bigot bigots crook crooks fraudster fraudsters liar liars
notorious infamous rogue brutal bloodthirsty corrupt militant militants insurgent insurgents
separatist separatists subversive subversives saboteur saboteurs demagogue demagogues hatemonger
warmonger warmongers criminal outlaw outlaws bandit bandits hooligan hooligans cultist cultists";

/// Singular nationality, religious and ethnic adjectives (not mentions).
const DEMONYMS: &str = "american british english scottish welsh irish french german italian spanish
portuguese dutch belgian swiss austrian swedish norwegian danish finnish polish czech slovak hungarian
romanian bulgarian greek turkish russian ukrainian belarusian serbian croatian bosnian albanian
european african asian arab arabic persian iranian iraqi syrian lebanese israeli palestinian jordanian
egyptian libyan tunisian algerian moroccan sudanese saudi yemeni omani emirati qatari kuwaiti bahraini
afghan pakistani indian bangladeshi chinese japanese korean vietnamese thai burmese indonesian
malaysian filipino australian canadian mexican brazilian argentine argentinian chilean peruvian
colombian venezuelan cuban nigerian kenyan ethiopian somali ugandan ghanaian south western eastern
northern southern islamic muslim christian jewish catholic protestant orthodox sunni shia shiite
shi'ite kurd kurdish alawite druze hindu sikh buddhist baloch pashtun turkmen uzbek kazakh tajik
georgian armenian azerbaijani azeri latin hispanic soviet zionist communist socialist democratic
republican liberal conservative";

/// Plural nouns for peoples and movements (group mentions).
const GROUP_PLURALS: &str = "americans britons french germans italians spaniards russians ukrainians
arabs persians iranians iraqis syrians lebanese israelis palestinians jordanians egyptians libyans
afghans pakistanis indians chinese japanese koreans kurds turks shiites shias sunnis alawites druze
muslims christians jews catholics protestants hindus sikhs buddhists yazidis houthis taliban rohingya
uyghurs uighurs tamils baloch pashtuns hazaras copts maronites chechens tatars serbs croats bosniaks
albanians armenians azeris georgians mexicans cubans venezuelans nigerians somalis sudanese
europeans africans asians latinos hispanics democrats republicans";

/// Months, days and other capitalised words that never name an actor.
const NOT_ACTORS: &str = "january february march april may june july august september october
november december monday tuesday wednesday thursday friday saturday sunday christmas easter ramadan
eid new year god allah internet english arabic persian farsi covid coronavirus email comments comment
privacy policy terms use subscribe advertisement related click share tweet";

/// Possessors that stay inside a name ("People's Liberation Alliance").
const NAME_POSSESSORS: &str = "people lord lords women men children workers farmers nation nations
citizens soldiers students veterans god martyrs world peoples mothers";

/// Connectors allowed inside a name between capitalised words.
const CONNECTORS: &str = "of for de del della di da du des la le el al bin ibn bint van von der den
y e ul ud";

/// Countries, regions and large cities: the kind `place` for a name.
const PLACES: &str = "afghanistan albania algeria andorra angola argentina armenia australia austria
azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
botswana brazil brunei bulgaria burkina burundi cambodia cameroon canada chad chile china colombia
comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia
eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala
guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica
japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia
libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania
mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar burma namibia
nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay
peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore
slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania
thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu
venezuela vietnam yemen zambia zimbabwe britain england scotland wales america europe africa asia
kurdistan gaza crimea donbas chechnya tibet xinjiang kashmir balochistan darfur sinai golan
tehran baghdad damascus beirut cairo riyadh ankara istanbul moscow kyiv kiev minsk warsaw berlin paris
london madrid rome brussels geneva vienna athens lisbon dublin amsterdam stockholm oslo helsinki
copenhagen prague budapest bucharest sofia belgrade zagreb washington york chicago boston
pittsburgh philadelphia houston dallas miami atlanta seattle angeles francisco beijing shanghai
hong kong tokyo seoul pyongyang delhi mumbai karachi lahore islamabad kabul dhaka jakarta manila
bangkok hanoi singapore sydney melbourne ottawa toronto montreal quebec québec havana caracas bogota
lima santiago buenos aires brasilia nairobi lagos abuja accra addis ababa khartoum tripoli tunis
algiers rabat johannesburg pretoria harare kampala kinshasa mogadishu doha dubai dhabi muscat
sanaa aden jerusalem ramallah aviv mosul basra aleppo idlib homs kirkuk erbil herat kandahar
frankfurt munich hamburg milan naples barcelona marseille lyon brussels strasbourg hague rotterdam
harbin wuhan vientiane valdivia tegucigalpa oregon texas california florida virginia ohio
pennsylvania michigan georgia arizona nevada iowa united_states united_kingdom saudi_arabia
new_york south_africa north_korea south_korea el_salvador sri_lanka new_zealand hong_kong abu_dhabi
tel_aviv costa_rica ivory_coast czech_republic united_arab_emirates los_angeles buenos_aires
addis_ababa west_bank gaza_strip middle_east latin_america north_america south_america soviet_union
east_timor south_sudan sierra_leone burkina_faso puerto_rico san_francisco washington_dc";

/// Given names with a known gender: `m:` words then `f:` words.
const MALE_NAMES: &str = "mohammad mohammed muhammad mohamed ali hassan hasan hussein husain
ahmad ahmed mahmoud mahmud omar umar abdul abdullah khalid karim reza hamid javad masoud massoud
saddam bashar muammar moammar qasem hazem jacob john james robert michael william david richard joseph
thomas charles peter paul mark donald george kenneth steven edward brian ronald anthony kevin jason
matthew gary timothy jose luis carlos juan pablo jorge miguel pedro antonio francisco manuel ivan
vladimir dmitry sergei alexander alexei nikolai nicolae boris igor viktor volodymyr petro jürgen
hans klaus wolfgang stefan andreas friedrich pierre jean jacques francois emmanuel giuseppe marco
luca hiroshi takeshi kenji chen wei li jin xi nayib ferdinand jens tedros chidi emeka souk filippo
abimael recep benjamin yair naftali nelson thabo cyril jacob uhuru yoweri paul robert idi abiy";

/// Female given names.
const FEMALE_NAMES: &str = "maryam mariam maria marie mary anna ana elena helena grace sarah sara
fatima fatemeh zahra leila layla nasrin shirin parisa elizabeth margaret angela ursula christine
carmen lucia sofia sophia olga natalia tatiana svetlana sviatlana yulia julia emma olivia ava isabella
mia charlotte amelia hillary nancy kamala michelle laura susan karen jennifer linda barbara patricia
thandi ngozi agnès agnes marine giorgia jacinda sanna margit indira benazir aung golda theresa
catherine victoria diana nadia amina aisha khadija yasmin rania noor hana";

struct Sets {
    function_words: HashSet<&'static str>,
    titles: HashSet<&'static str>,
    person_heads: HashSet<&'static str>,
    org_heads: HashSet<&'static str>,
    place_heads: HashSet<&'static str>,
    org_anaphors: HashSet<&'static str>,
    place_anaphors: HashSet<&'static str>,
    labels: HashSet<&'static str>,
    demonyms: HashSet<&'static str>,
    group_plurals: HashSet<&'static str>,
    not_actors: HashSet<&'static str>,
    possessors: HashSet<&'static str>,
    connectors: HashSet<&'static str>,
    places: HashSet<&'static str>,
    male: HashSet<&'static str>,
    female: HashSet<&'static str>,
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let set = |s: &'static str| s.split_whitespace().collect::<HashSet<_>>();
        Sets {
            function_words: set(FUNCTION_WORDS),
            titles: set(TITLES),
            person_heads: set(PERSON_HEADS),
            org_heads: set(ORG_HEADS),
            place_heads: set(PLACE_HEADS),
            org_anaphors: set(ORG_ANAPHOR_HEADS),
            place_anaphors: set(PLACE_ANAPHOR_HEADS),
            labels: set(LABELS),
            demonyms: set(DEMONYMS),
            group_plurals: set(GROUP_PLURALS),
            not_actors: set(NOT_ACTORS),
            possessors: set(NAME_POSSESSORS),
            connectors: set(CONNECTORS),
            places: set(PLACES),
            male: set(MALE_NAMES),
            female: set(FEMALE_NAMES),
        }
    })
}

/// Whether a lowercase word is a function or common sentence-opening word.
pub(crate) fn is_function_word(w: &str) -> bool {
    sets().function_words.contains(w)
}
/// Whether a lowercase word is a title that may precede a name.
pub(crate) fn is_title(w: &str) -> bool {
    sets().titles.contains(w)
}
/// Whether a lowercase word can head a description of a person.
pub(crate) fn is_person_head(w: &str) -> bool {
    sets().person_heads.contains(w)
}
/// Whether a lowercase word marks an organisation's name.
pub(crate) fn is_org_head(w: &str) -> bool {
    sets().org_heads.contains(w)
}
/// Whether a lowercase word marks a place's name.
pub(crate) fn is_place_head(w: &str) -> bool {
    sets().place_heads.contains(w)
}
/// Whether a lowercase word can head a description referring to an organisation.
pub(crate) fn is_org_anaphor(w: &str) -> bool {
    sets().org_anaphors.contains(w)
}
/// Whether a lowercase word can head a description referring to a place.
pub(crate) fn is_place_anaphor(w: &str) -> bool {
    sets().place_anaphors.contains(w)
}
/// The label a lowercase word stands for (its singular), if it is evaluative.
pub(crate) fn label_of(w: &str) -> Option<String> {
    let s = sets();
    if w.starts_with("anti-") && w.len() > 5 {
        return Some(w.to_owned());
    }
    if !s.labels.contains(w) {
        return None;
    }
    let singular = if let Some(stem) = w.strip_suffix("men") {
        format!("{stem}man")
    } else if let Some(stem) = w
        .strip_suffix("ies")
        .filter(|st| s.labels.contains(format!("{st}y").as_str()))
    {
        format!("{stem}y")
    } else if let Some(stem) = w.strip_suffix('s').filter(|st| s.labels.contains(st)) {
        stem.to_owned()
    } else {
        w.to_owned()
    };
    Some(singular)
}
/// Whether a lowercase word is a singular nationality/religious adjective.
pub(crate) fn is_demonym(w: &str) -> bool {
    sets().demonyms.contains(w)
}
/// Whether a lowercase word is a plural noun for a people or movement.
pub(crate) fn is_group_plural(w: &str) -> bool {
    sets().group_plurals.contains(w)
}
/// Whether a lowercase word is a month, day or other non-actor capitalised word.
pub(crate) fn is_not_actor(w: &str) -> bool {
    sets().not_actors.contains(w)
}
/// Whether a possessor stays inside a name ("Lord's Resistance Army").
pub(crate) fn is_name_possessor(w: &str) -> bool {
    sets().possessors.contains(w)
}
/// Whether a lowercase word may join two capitalised words of one name.
pub(crate) fn is_connector(w: &str) -> bool {
    sets().connectors.contains(w)
}
/// Whether a lowercase word is a country, region or city of the list.
pub(crate) fn is_place(w: &str) -> bool {
    sets().places.contains(w)
}
/// The gender a lowercase given name suggests.
pub(crate) fn name_gender(w: &str) -> Option<Gender> {
    let s = sets();
    if s.male.contains(w) {
        Some(Gender::Male)
    } else if s.female.contains(w) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// Grammatical gender evidence for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

/// The gender a title or role word implies.
pub(crate) fn title_gender(w: &str) -> Option<Gender> {
    match w {
        "mr" | "mr." | "sir" | "lord" | "king" | "prince" | "sheikh" | "shaikh" | "emir"
        | "sultan" | "father" | "brother" | "congressman" | "chairman" | "spokesman"
        | "businessman" | "man" | "shah" | "tsar" | "czar" | "ayatollah" | "imam" | "pope"
        | "rabbi" | "mullah" => Some(Gender::Male),
        "mrs" | "mrs." | "ms" | "ms." | "miss" | "madam" | "dame" | "lady" | "queen"
        | "princess" | "sister" | "congresswoman" | "chairwoman" | "spokeswoman"
        | "businesswoman" | "woman" | "actress" => Some(Gender::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_back_singular() {
        assert_eq!(label_of("ringleaders").as_deref(), Some("ringleader"));
        assert_eq!(label_of("henchmen").as_deref(), Some("henchman"));
        assert_eq!(label_of("mercenaries").as_deref(), Some("mercenary"));
        assert_eq!(label_of("cult").as_deref(), Some("cult"));
        assert_eq!(label_of("anti-iran").as_deref(), Some("anti-iran"));
        assert_eq!(label_of("group"), None);
        assert_eq!(label_of("anti-"), None);
    }

    #[test]
    fn lists_answer_lowercase_words() {
        assert!(is_title("president") && !is_title("sanjabi"));
        assert!(is_place("iraq") && is_demonym("iraqi") && is_group_plural("kurds"));
        assert_eq!(name_gender("maryam"), Some(Gender::Female));
        assert_eq!(title_gender("spokesman"), Some(Gender::Male));
    }
}
