//! The Swedish words for every kind of problem: what it is and what to do
//! about it, as the web page (`lofte serve`) shows them beside the place
//! (file, sheet and cell, or line) and what was found. The English
//! `message` and `hint` of a [`crate::diag::Diagnostic`] are for the
//! terminal; a user who never opens one reads these.
//!
//! This module only turns a [`Code`] into words; it decides nothing. The
//! match is exhaustive, with no catch-all arm: a new kind of problem does
//! not compile until it has its words here.

use crate::diag::Code;

/// What a kind of problem is and what to do about it, in Swedish: the
/// words the web page shows beside the place and what was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemWords {
    /// What is wrong, one sentence ending in a full stop.
    pub what: &'static str,
    /// What to do about it, one or two sentences ending in a full stop.
    pub todo: &'static str,
}

/// Shorthand for the table below.
const fn words(what: &'static str, todo: &'static str) -> ProblemWords {
    ProblemWords { what, todo }
}

/// The Swedish words for `code`. Exhaustive over [`Code`] with no catch-all
/// arm: a new kind of problem does not compile until it has its words.
pub fn problem_words(code: Code) -> ProblemWords {
    match code {
        // The activity logs, as files.
        Code::MissingFile => words(
            "Filen finns inte där lofte letar efter den.",
            "Kontrollera att namnet under loggar (eller indikatorfil) i löftesfilen stämmer med filens namn, räknat från mappen där loften.toml ligger. Saknas själva löftesfilen, lägg avtalet i loften.toml i avtalets mapp.",
        ),
        Code::UnreadableFile => words(
            "Filen finns men går inte att läsa.",
            "Kontrollera att du har behörighet att läsa filen och att inget annat program har den öppen och låst. Stäng den i Excel och försök igen.",
        ),
        Code::NotAFile => words(
            "Det som anges som logg är en mapp eller något annat än en vanlig fil.",
            "Ange själva loggfilen under loggar i löftesfilen, till exempel loggar = [\"mapp/logg.xlsx\"].",
        ),
        Code::BrokenLink => words(
            "Filen är en genväg (länk) som inte leder till någon fil.",
            "Filen som genvägen pekar på har flyttats eller tagits bort. Ange själva filen under loggar i löftesfilen i stället för genvägen.",
        ),
        Code::FileTooLarge => words(
            "Filen är större än lofte tillåter.",
            "Kontrollera att det är rätt fil (en indikatortabell är bara några rader). Är den rätt, dela upp loggen i mindre filer, till exempel en per år, eller höj gränsen med --max-file-mb när lofte startas.",
        ),
        Code::EmptyFile => words(
            "Filen är tom.",
            "Spara loggen på nytt från kalkylprogrammet, eller ta bort den ur loggar i löftesfilen.",
        ),
        Code::NotASpreadsheet => words(
            "Filen är inget kalkylark som lofte kan läsa.",
            "Spara loggen från kalkylprogrammet som xlsx eller csv; lofte läser xlsx, xlsm, xlsb, xls, ods, csv, tsv och txt, men inte PDF. Är filen en csv-fil med fel filändelse (till exempel .xlsx), byt namn på den till .csv.",
        ),
        Code::EncryptedWorkbook => words(
            "Arbetsboken är skyddad med lösenord, så dess celler går inte att läsa.",
            "Öppna den i Excel, ta bort lösenordet (Arkiv › Information › Skydda arbetsbok), spara den och försök igen.",
        ),
        Code::UnreadableWorkbook => words(
            "Arbetsboken går inte att läsa: den är skadad eller större än lofte tillåter.",
            "Öppna filen i kalkylprogrammet och spara den på nytt som xlsx. Är loggen mycket stor, dela upp den i mindre filer, till exempel en per år.",
        ),
        Code::UnreadableCsv => words(
            "Csv-filen går inte att läsa som en tabell.",
            "Öppna filen i kalkylprogrammet och spara den på nytt som csv eller xlsx. Har raderna väldigt många fält, kontrollera avgränsaren (semikolon eller komma); är filen mycket stor, dela upp den per år.",
        ),
        Code::NulByte => words(
            "Raden innehåller ett nolltecken (tecken 0), som inget kalkylprogram skriver.",
            "Filen är skadad eller sparad av ett annat program. Ta bort det udda tecknet på raden i en textredigerare, eller spara loggen på nytt som csv.",
        ),
        Code::UnclosedQuote => words(
            "Ett citattecken öppnar en cell på raden men stängs inte där cellen slutar, så raderna under skulle läsas som en del av samma cell.",
            "Sätt ett citattecken där cellen slutar, eller ta bort det som öppnar den. Ett citattecken inne i en cell skrivs dubbelt: \"\".",
        ),
        Code::UnknownEncoding => words(
            "Filen är sparad i en teckenkodning som lofte inte läser: å, ä och ö skulle bli andra tecken, och namnen skulle inte stämma med löftesfilens.",
            "Öppna filen i kalkylprogrammet och spara den som ”CSV UTF-8” (eller som xlsx). I en textredigerare: spara den med teckenkodningen UTF-8.",
        ),
        Code::MixedEncoding => words(
            "Raden är inte sparad som UTF-8 som resten av filen och läses därför som Windows-1252.",
            "Kontrollera att å, ä och ö på raden ser rätt ut. Spara sedan hela filen på nytt som UTF-8.",
        ),
        Code::SameLogTwice => words(
            "Samma logg anges två gånger, eller två loggar har exakt samma innehåll; den läses en gång.",
            "Ta bort den ena ur loggar i löftesfilen.",
        ),
        Code::HiddenSheets => words(
            "Arbetsboken har dolda blad, och de läses inte.",
            "Ett dolt blad är ofta en gammal kopia. Ska det räknas, visa bladet igen i Excel, eller skriv dolda_blad = true i löftesfilen.",
        ),
        Code::OnlyHiddenSheets => words(
            "Alla blad i arbetsboken är dolda, så ingenting läses.",
            "Visa loggens blad igen i Excel, eller skriv dolda_blad = true i löftesfilen.",
        ),
        Code::SheetSkipped => words(
            "Bladet har ingen Datum-kolumn och läses därför inte som en logg.",
            "Ett blad med en summering eller anteckningar kan stå kvar som det är. Är bladet en logg, ge det en kolumn med rubriken Datum.",
        ),
        Code::CopiedLog => words(
            "Loggen eller bladet är en kopia av en annan logg: varje rad finns redan där, så båda skulle räknas.",
            "Ta bort det kopierade bladet eller dölj det (dolda blad läses inte). Är kopian en egen fil, ta bort den ur loggar i löftesfilen; lofte summerar loggen själv. Är raderna egna aktiviteter, skriv vem som utförde var och en i en kolumn Ansvarig.",
        ),
        Code::SummedLog => words(
            "Loggen eller bladet är en summering av en annan logg: varje rad är summan av den loggens rader för en dag, en vecka, en månad, ett kvartal, ett halvår eller ett år, så varje aktivitet skulle räknas två gånger.",
            "Ta bort summeringsbladet eller dölj det (dolda blad läses inte). Är summeringen en egen fil, ta bort den ur loggar i löftesfilen; lofte summerar loggen själv. Är raderna egna aktiviteter, skriv vem som utförde var och en i en kolumn Ansvarig.",
        ),
        Code::RepeatedRows => words(
            "Samma rader står två gånger i loggen, i samma ordning och lika i varje kolumn: loggen har troligen klistrats in två gånger, eller så står förra årets sista rader kvar längst ned i ett blad som kopierats från förra årets, och varje rad skulle räknas två gånger.",
            "Ta bort raderna som klistrats in en gång till eller som står kvar från bladet som kopierades. Är de egna aktiviteter, skriv vad som skiljer dem åt: tid, plats eller en kommentar.",
        ),
        Code::UnnamedNumbers => words(
            "En kolumn utan rubrik innehåller tal, och loggen har ingen kolumn Antal: varje rad skulle räknas som 1.",
            "Står talen för hur många, skriv Antal överst i kolumnen. Annars ge kolumnen en egen rubrik.",
        ),
        Code::PlanSheet => words(
            "Bladet ser ut att innehålla det som planeras, och dess rader skulle räknas som genomförda aktiviteter.",
            "Flytta planerade aktiviteter ut ur loggen, eller dölj bladet (dolda blad läses inte). Loggar bladet det som gjorts, byt namn på det.",
        ),
        Code::ExampleSheet => words(
            "Bladet ser ut som ett exempel eller en mall, och dess rader skulle räknas som riktiga aktiviteter.",
            "Ta bort eller dölj bladet (dolda blad läses inte). Är det en riktig logg, byt namn på bladet.",
        ),
        Code::EmptyLog => words(
            "Loggen har en rubrikrad men inga rader under den.",
            "Ingenting från den räknas. Kontrollera att det är rätt fil eller blad.",
        ),

        // The activity logs: their header and cells.
        Code::NoHeader => words(
            "Ingen rubrikrad hittades: loggen behöver en rad som namnger kolumnerna.",
            "Lägg till en rubrikrad högst upp, till exempel Datum | Löfte | Antal | Aktivitet | Plats | Ansvarig | Kommentar. Den behöver Datum och minst en av Löfte, Antal, Aktivitet, Plats och Ansvarig.",
        ),
        Code::NoDateColumn => words(
            "Loggen har ingen Datum-kolumn.",
            "Ge kolumnen med datum rubriken Datum i rubrikraden, eller ange dess rubrik under [kolumner] i löftesfilen: datum = \"…\".",
        ),
        Code::NearHeader => words(
            "En kolumnrubrik liknar en känd kolumn och läses som den.",
            "Stämmer det, skriv kolumnens rubrik under [kolumner] i löftesfilen, till exempel antal = \"Antal st\", så försvinner varningen. Stämmer det inte, skriv ovriga = [\"…\"] med rubriken under [kolumner].",
        ),
        Code::UnclearColumn => words(
            "En kolumnrubrik kan vara en känd kolumn eller något annat, och lofte kan inte avgöra vilket.",
            "Säg vilket under [kolumner] i löftesfilen: är det den kända kolumnen, skriv till exempel plats = \"…\" med rubriken; är det något annat, skriv ovriga = [\"…\"] med rubriken.",
        ),
        Code::PeopleNotCount => words(
            "Kolumnen räknar personer eller timmar, inte aktiviteter, och läses därför inte som Antal: varje rad räknas som 1.",
            "Innehåller kolumnen ändå antalet aktiviteter, skriv antal = \"…\" med dess rubrik under [kolumner] i löftesfilen. Vill du bara få bort varningen, skriv ovriga = [\"…\"] med rubriken under [kolumner].",
        ),
        Code::DuplicateColumn => words(
            "Två kolumner betyder samma sak (samma kolumn, eller samma år, två gånger).",
            "Byt namn på eller ta bort den ena, eller ange under [kolumner] i löftesfilen vilken som ska läsas. I en indikatortabell har varje år en enda kolumn.",
        ),
        Code::NotTheHeader => words(
            "Raden ser ut som loggens rubrikrad, men en rad ovanför den togs som rubrik.",
            "Raderna ovanför den här hör inte till loggen: ta bort dem, eller flytta dem under loggen eller till ett annat blad.",
        ),
        Code::NotDoneRequest => words(
            "Raden är markerad som inte genomförd, och löftet räknar både önskemål och genomförda aktiviteter: som önskemål räknas raden, som aktivitet inte. En rad kan inte säga båda.",
            "Ge målet om önskemål ett eget löfte i löftesfilen, med ett eget id i loggens kolumn Löfte.",
        ),
        Code::RowsAboveHeader => words(
            "Rader ovanför rubrikraden ser ut som aktiviteter (ett datum under Datum), men rader ovanför rubrikraden läses inte.",
            "Flytta raderna under rubrikraden. En logg får gärna ha de senaste raderna överst, men under rubrikraden.",
        ),
        Code::RepeatedHeader => words(
            "Rubrikraden förekommer en gång till längre ner; raden hoppas över.",
            "Har två loggar klistrats in under varandra? Ta bort den upprepade rubrikraden och kontrollera att inga rader finns två gånger.",
        ),
        Code::SummaryRow => words(
            "En summeringsrad hoppades över och räknas inte.",
            "Är raden en summa behöver inget ändras: lofte räknar själv ihop aktiviteterna. Är den en aktivitet, skriv dess datum i Datum och inget “Summa” eller “Totalt” i dess celler.",
        ),
        Code::NotDone => words(
            "Raden är markerad som inte genomförd (till exempel Status: Inställd) och räknas inte.",
            "Blev aktiviteten av ändå, ändra cellen. En rad som aldrig blir av kan tas bort.",
        ),
        Code::UnclearDone => words(
            "Kolumnen säger om aktiviteten blev av, men cellen säger varken ja eller nej.",
            "Skriv Ja eller Nej i cellen (i en kolumn Inställd: Ja om aktiviteten ställdes in). En anteckning hör hemma i kolumnen Kommentar, och en kolumn som säger vem som gjorde aktiviteten kan heta Utförd av.",
        ),
        Code::BlankDone => words(
            "Kolumnen som säger om aktiviteten blev av (Genomförd eller Utförd) säger ja på andra rader men är tom här: om aktiviteten blev av går inte att veta.",
            "Skriv Ja eller Nej på varje rad i kolumnen (en rad med Nej räknas inte). Blev varje aktivitet i loggen av kan kolumnen tas bort.",
        ),
        Code::SwappedDates => words(
            "Datumen skrevs med dagen först, men kalkylprogrammet läste dem med månaden först (engelska, USA): \"03/02/2023\" blev 2 mars, och \"17/02/2023\" blev kvar som text eftersom det inte finns någon månad 17. Datumcellerna har därför fel dag och månad.",
            "Skriv datumen som 2023-02-03, eller ställ in svenska som språk (Excel: Arkiv › Alternativ › Språk; LibreOffice: Verktyg › Alternativ › Språkinställningar › Språk) och skriv in dem igen.",
        ),
        Code::SumsPerMonth => words(
            "Varje rad för löftet är daterad den 1:a i sin månad, och ett mål räknar dagar eller veckor: raderna ser ut att vara summor per månad, inte aktiviteter på sina dagar.",
            "Skriv varje aktivitet på en egen rad med dagen den gjordes (en månad skriven som ”mars 2023” blir 1 mars). Kan loggen bara ge summor per månad, följ upp målet per månad eller per år i löftesfilen.",
        ),
        Code::FridayWithoutTime => words(
            "Cellen i kolumnen Tid säger ingen tid på dagen, och en fredag räknas helgen från klockan 17: om raden hör till helgen går inte att veta.",
            "Skriv när aktiviteten började, till exempel 18:30, kl 18 eller 18-21. Lämna cellen tom för en fredagskväll.",
        ),
        Code::MissingDate => words(
            "Raden har inget datum.",
            "Varje aktivitet behöver sitt datum i kolumnen Datum. Står datumet i celler som är sammanslagna över flera rader, dela upp cellerna och fyll i datumet på varje rad.",
        ),
        Code::BadDate => words(
            "Datumet går inte att läsa som ett datum.",
            "Skriv datumet som år-månad-dag, till exempel 2023-03-15, med hela året och bindestreck, och kontrollera dag och månad: en dag som inte finns, som 30 februari, är inget datum. Står två datum i cellen, ge varje datum en egen rad. I loggen hör anteckningar hemma i kolumnen Kommentar.",
        ),
        Code::AmbiguousDate => words(
            "Datumet kan läsas på två sätt, eftersom dag och månad kan byta plats.",
            "Skriv datum som år-månad-dag, till exempel 2023-04-03, eller ange ordningen i löftesfilen: datumordning = \"dag-manad\" (eller \"manad-dag\").",
        ),
        Code::DateOutOfRange => words(
            "Datumet ligger före år 2000 eller efter år 2100.",
            "Kontrollera årtalet. Ett datum som skrivits utan bindestreck, som 230315, läses som ett dagnummer: skriv det som 2023-03-15.",
        ),
        Code::BadCount => words(
            "Antal ska vara ett heltal, 0 eller mer.",
            "Skriv bara talet, till exempel 1 eller 12; en tom cell räknas som 1. Anteckningar hör hemma i kolumnen Kommentar. Visar cellen ett datum som 1900-01-03, är talet formaterat som datum: formatera kolumnen som tal (Start › Tal › Allmänt). Hittar lofte decimaler där kalkylbladet visar ett heltal, är talet avrundat i visningen.",
        ),
        Code::AmbiguousCount => words(
            "Antal kan läsas både som tusental och som ett litet tal, eftersom det har en punkt eller ett komma mellan siffrorna.",
            "Skriv talet utan punkt eller komma, till exempel 1000.",
        ),
        Code::ImplausibleCount => words(
            "Antal är större än en rad kan stå för.",
            "Har ett datum eller ett telefonnummer klistrats in i Antal? Är talet rätt, höj gränsen i löftesfilen, till exempel max_antal_per_rad = 50000.",
        ),
        Code::MergedCount => words(
            "Cellen är sammanslagen över flera rader, så talet i den kan inte delas mellan dem.",
            "Dela upp de sammanslagna cellerna (Excel: Start › Sammanfoga och centrera) och ge varje rad sitt eget tal.",
        ),
        Code::BadQuantity => words(
            "Cellen skulle innehålla ett tal; raden räknas som 0.",
            "Skriv bara talet, till exempel 12 eller 12,5. Anteckningar hör hemma i kolumnen Kommentar.",
        ),
        Code::ErrorCell => words(
            "Cellen innehåller ett formelfel i stället för ett värde.",
            "Rätta formeln eller skriv in värdet. En formel behöver ett sparat resultat: öppna filen i Excel och spara den.",
        ),
        Code::EmptyFormula => words(
            "Cellen har en formel som ger ett tomt värde. En tom cell i Antal räknas som en aktivitet, så raden kan inte räknas på en gissning.",
            "Skriv in värdet, eller låt formeln ge det (i Antal 0 för en rad som inte är en aktivitet). En ods-fil som ett program sparat utan formlernas värden ser likadan ut: öppna och spara den i LibreOffice.",
        ),
        Code::CellTooLong => words(
            "Cellen är längre än Excel tillåter i en cell (32 767 tecken).",
            "Korta texten. Långa anteckningar hör hemma i ett dokument, inte i loggen.",
        ),
        Code::AfterSaved => words(
            "Raden har ett datum efter den dag filen senast sparades, så den skrevs in innan aktiviteten ägde rum. Inget i filen säger att den blev av.",
            "Blev aktiviteten av: öppna filen, kontrollera raden och spara. Var den bara planerad: markera den (Status \"Planerad\") eller ta bort den.",
        ),
        Code::SavedBeforeAsOf => words(
            "Loggarna sparades senast långt före rapportens datum. En aktivitet efter den dagen kan inte finnas i dem, så varje period efter den skulle bedömas som om inget gjorts.",
            "Skrivs rapporten innan perioden är slut: ange Per datum (--as-of) till den dag loggen senast sparades, så visar rapporten hur långt varje löfte har kommit. Är loggen komplett: öppna den, kontrollera att den har alla aktiviteter fram till rapportens datum, och spara den.",
        ),
        Code::HiddenRows => words(
            "Raderna är dolda men skulle räknas som genomförda aktiviteter. En rad döljs oftast för att aktiviteten ställdes in eller är fel.",
            "Visa raderna (markera raderna runt dem, högerklicka › Visa). Skriv sedan \"Inställd\" i en kolumn Status eller Kommentar på varje rad som inte blev av, eller ta bort den. Raderna i ett filter eller en hopfälld gruppering räknas som vanligt.",
        ),
        Code::StruckRows => words(
            "Raderna är genomstrukna men skulle räknas som genomförda aktiviteter. En rad stryks oftast för att aktiviteten ställdes in eller är fel.",
            "Skriv \"Inställd\" i en kolumn Status eller Kommentar på varje rad som inte blev av, eller ta bort den. Blev aktiviteten av: ta bort genomstrykningen.",
        ),
        Code::SeveralPlaces => words(
            "Cellen i Plats anger flera av löftets platser, så raden räknas inte mot någon av dem.",
            "Kopiera raden, en för varje plats, så att varje besök räknas där det gjordes.",
        ),
        Code::SeveralPromises => words(
            "Cellen i Löfte anger mer än ett löfte.",
            "Kopiera raden, en för varje löfte, så att varje aktivitet räknas där den hör hemma.",
        ),
        Code::SelectionColumnMissing => words(
            "Loggen saknar kolumnen som urval i löftesfilen väljer rader efter.",
            "Skriv rubriken på den kolumn som anger kommunen under urval, till exempel urval = { kolumn = \"Kommun\", varde = \"Kalix\" }.",
        ),
        Code::SelectionValueMissing => words(
            "Raden har inget värde i kolumnen som urval väljer efter, så den räknas inte för något avtal.",
            "Skriv kommunen (eller det kolumnen ska innehålla) i cellen.",
        ),
        Code::OtherMunicipality => words(
            "Loggen har en kolumn Kommun där rader som räknas mot löftena nämner en annan kommun än avtalets. Utan urval räknas varje rad i en logg för flera kommuner.",
            "Räkna bara avtalets rader: skriv urval = { kolumn = \"Kommun\", varde = \"Kalix\" } överst i löftesfilen (med kolumnens rubrik och kommunens namn). Hör raderna till avtalet ändå, ta med deras värde i varde.",
        ),
        Code::SelectionNear => words(
            "Några rader i den gemensamma loggen skriver kommunen på ett annat sätt än urval i löftesfilen (till exempel Kalix kommun i stället för Kalix), så de räknas inte.",
            "Hör raderna till avtalet, lägg till värdet under varde i urval. Gör de det inte, skriv värdet i loggen så att det inte nämner kommunen.",
        ),
        Code::SelectionForms => words(
            "Kolumnen som urval väljer rader efter skriver kommunerna både med kod (som 2514) och med namn (som Kalix), men urval i löftesfilen anger bara det ena sättet: rader skrivna på det andra sättet räknas inte.",
            "Ange båda under varde i urval, till exempel varde = [\"Kalix\", \"2514\"], eller skriv kommunen på samma sätt på varje rad i loggen.",
        ),
        Code::SelectionMatchesNothing => words(
            "Ingen rad i loggen har det värde som urval i löftesfilen väljer, så ingenting från loggen räknas.",
            "Kontrollera varde under urval i löftesfilen: det ska skrivas som i loggen. Kontrollera också att det är rätt logg.",
        ),

        // The promise file.
        Code::NotUtf8 => words(
            "Löftesfilen är inte sparad som UTF-8-text.",
            "Spara den som UTF-8 (i Anteckningar: Spara som, Kodning UTF-8).",
        ),
        Code::TomlSyntax => words(
            "Löftesfilen är felskriven här och går inte att läsa som TOML.",
            "Rätta raden: text står inom raka citattecken, som text = \"…\", och listor inom hakparenteser, som loggar = [\"logg.xlsx\"]. Saknas ett citattecken eller en parentes kan felet synas först en bit längre ner.",
        ),
        Code::InvalidPromiseFile => words(
            "Löftesfilen gick inte att läsa som ett avtal.",
            "Jämför filen med beskrivningen av löftesfilen (docs/promise-file.md) och rätta det som avviker.",
        ),
        Code::UnknownKey => words(
            "Nyckeln är inte en som lofte känner till på det här stället.",
            "Kontrollera stavningen: nycklar skrivs utan å, ä och ö, till exempel fonster och varde. Ta bort nyckeln om den inte behövs.",
        ),
        Code::DuplicateKey => words(
            "Samma nyckel står två gånger på samma ställe.",
            "Behåll en av dem. Nycklar läses utan hänsyn till stora och små bokstäver eller å, ä och ö, så värden och varden är samma nyckel.",
        ),
        Code::MissingKey => words(
            "En nyckel som krävs här saknas.",
            "Lägg till nyckeln; vilka nycklar som krävs står i beskrivningen av löftesfilen (docs/promise-file.md). Saknas period, skriv den som avtalet anger den, till exempel period = { fran = 2023-01-01, till = 2023-12-31 }.",
        ),
        Code::KeyNotForKind => words(
            "Nyckeln hör inte till den här sortens mål (typ).",
            "Ta bort nyckeln, eller välj en typ som använder den: intervall hör till typ = \"var\", platser till typ = \"per_plats\", riktning och baslinje till typ = \"trend\", och per till bland annat typ = \"minst\".",
        ),
        Code::WrongType => words(
            "Värdet har fel form för nyckeln, till exempel ett tal där det ska stå text.",
            "Skriv värdet i den form nyckeln tar: text inom citattecken (\"…\"), ett tal utan citattecken, true eller false, en lista [\"…\", \"…\"] eller en tabell { … }.",
        ),
        Code::EmptyValue => words(
            "Värdet är tomt.",
            "Skriv ett värde mellan citattecknen, eller ta bort nyckeln om den inte krävs. En lista av platser (inom, platser eller en platsgrupp) behöver minst en plats.",
        ),
        Code::BadValue => words(
            "Värdet är inte ett av dem lofte kan använda här.",
            "Skriv ett av de värden nyckeln tar, till exempel datumordning = \"dag-manad\" eller \"manad-dag\", och riktning = \"öka\" eller \"minska\". Alla värden står i beskrivningen av löftesfilen (docs/promise-file.md).",
        ),
        Code::BadNumber => words(
            "Talet ligger utanför det som är tillåtet för nyckeln.",
            "Rätta talet: antal, av och intervall ska vara större än 0 (intervall ett heltal), andel och delvis ska ligga mellan 0 och 1, som 0.8, och max_antal_per_rad ska vara ett heltal från 1 och uppåt. Decimaler skrivs med punkt i löftesfilen.",
        ),
        Code::BadWindow => words(
            "Kommentarens fonster är inte ett år, ett datumintervall eller “hela”.",
            "Skriv ett år (fonster = \"2023\"), ett intervall (fonster = \"2022-01-01..2023-12-31\") eller fonster = \"hela\".",
        ),
        Code::RangeReversed => words(
            "Perioden slutar innan den börjar.",
            "Rätta datumen: till får inte ligga före fran.",
        ),
        Code::OutsidePeriod => words(
            "Ett datum ligger utanför avtalsperioden.",
            "Rätta datumet (fran eller till) så att det ligger inom avtalets period, eller rätta period om den är fel.",
        ),
        Code::DuplicateId => words(
            "Två löften eller två fokusområden har samma id, eller ett löftes alias är ett annat löftes id eller alias (stora och små bokstäver och mellanslag räknas inte).",
            "Ge vart och ett ett eget id och egna alias, eller ta bort det som står två gånger: annars räknas en rad mot båda löftena.",
        ),
        Code::MissingTarget => words(
            "Löftet har inget mål.",
            "Skriv minst ett mål under mal. Ett löfte utan tal har mal = [{ typ = \"text\" }].",
        ),
        Code::UnknownTargetType => words(
            "Målets typ är inte en som lofte känner till.",
            "Kontrollera stavningen och skriv en av typerna “minst”, “var”, “snitt”, “totalt”, “andel”, “trend”, “per_plats”, “önskemål”, “täckning” och “text”, till exempel typ = \"minst\".",
        ),
        Code::UnknownUnit => words(
            "Värdet på per är inte något som det här målet kan räknas per.",
            "Skriv en period som målet tar, till exempel per = \"vecka\", \"månad\" eller \"år\". Ett mål av typen andel räknas per = \"dag\" eller per = \"arbetspass\".",
        ),
        Code::UnknownArea => words(
            "Inget fokusområde har det här id:t eller namnet.",
            "Skriv id eller namn på ett av fokusområdena under [[fokusomrade]] i löftesfilen, stavat precis som där.",
        ),
        Code::IncompleteSelection => words(
            "Nyckeln urval saknar kolumn eller varde; den behöver båda.",
            "Skriv båda, till exempel urval = { kolumn = \"Kommun\", varde = \"Kalix\" }.",
        ),
        Code::CommentOutsidePeriod => words(
            "Kommentaren gäller en tid utanför avtalsperioden, så ingen rapport visar den.",
            "Skriv under fonster det år inom avtalsperioden som kommentaren gäller, eller fonster = \"hela\".",
        ),
        Code::AssumedPeriod => words(
            "Löftesfilen anger ingen avtalsperiod, så lofte antar en utifrån rubriken eller uppföljningens datum.",
            "Stämmer perioden, skriv den i löftesfilen som avtalet anger den, till exempel period = { fran = 2023-01-01, till = 2023-12-31 }.",
        ),
        Code::AssumedDeadline => words(
            "Uppföljningen saknar datum, så lofte tar den sista dagen i den månad som dess text nämner.",
            "Stämmer datumet, skriv det under [uppfoljning] i löftesfilen, till exempel datum = 2024-02-29.",
        ),
        Code::NoDeadlineDate => words(
            "Uppföljningen saknar datum och dess text nämner ingen månad och inget år, så rapporten citerar texten utan datum.",
            "Anger avtalet ett datum, skriv det under [uppfoljning] i löftesfilen, till exempel datum = 2024-02-29.",
        ),
        Code::NoLogs => words(
            "Loggarna lästes inte; bara löftesfilen kontrollerades.",
            "Finns ingen logg än, skapa en med “Ladda ner loggmall” (eller lofte logg) och ange den under loggar i löftesfilen. Finns loggarna, rätta först felen i löftesfilen: loggarna läses när [kolumner], urval och datumordning är rätt.",
        ),

        // Indicator tables and indicators.
        Code::NoIndicatorHeader => words(
            "Indikatortabellen har ingen rubrikrad med kolumnen Indikator.",
            "Skriv rubrikerna Indikator, Enhet, Källa, Riktning, Fokusområde och en kolumn per år (2021, 2022 …) på tabellens första rad.",
        ),
        Code::UnknownIndicatorColumn => words(
            "En kolumn i indikatortabellen läses inte.",
            "Tabellen läser Indikator, Enhet, Källa, Riktning, Fokusområde, Kommentar och en kolumn per år, som 2023. Byt rubrik om kolumnen ska läsas; annars kan den stå kvar.",
        ),
        Code::MissingColumn => words(
            "Indikatortabellen saknar en kolumn som behövs: Riktning eller en kolumn för ett år.",
            "Lägg till kolumnen Riktning med “öka” eller “minska” för varje indikator, och en kolumn per år med årtalet som rubrik, till exempel 2023.",
        ),
        Code::MissingName => words(
            "Indikatorraden har siffror men inget namn.",
            "Skriv indikatorns namn i kolumnen Indikator, eller ta bort raden.",
        ),
        Code::MissingDirection => words(
            "Indikatorn saknar Riktning.",
            "Skriv “öka” eller “minska”: den riktning som avtalet önskar.",
        ),
        Code::BadDirection => words(
            "Riktningen är inte en som lofte känner till.",
            "Skriv den riktning som avtalet önskar: “öka” eller “minska”.",
        ),
        Code::BadFigure => words(
            "Indikatorns siffra för året är inte ett tal.",
            "Skriv bara siffran, till exempel 61,5. Lämna cellen tom för ett år utan siffra.",
        ),
        Code::BadYear => words(
            "En nyckel under varden är inte ett årtal.",
            "Skriv årtalen som varden = { 2021 = 62, 2022 = 64 }.",
        ),
        Code::DuplicateIndicator => words(
            "Samma indikator står två gånger.",
            "Behåll en rad (eller en [[indikator]]) per indikator, med alla dess år.",
        ),

        // Evaluation.
        Code::UnknownPromise => words(
            "Inget löfte har det id som står i kolumnen Löfte.",
            "Skriv id för ett av avtalets löften, som det står under id i löftesfilen (till exempel K1). Skriver loggen löftet på ett annat sätt, lägg till det under alias för löftet i löftesfilen.",
        ),
        Code::FieldsBeyondHeader => words(
            "En rad i csv-filen har fler fält än rubrikraden, så fälten efter ett extra semikolon hamnar i fel kolumn.",
            "Sätt citattecken runt en cell som innehåller semikolon (\"Kalix; centrum\") eller ta bort det extra semikolonet. Är fälten en egen kolumn, ge den en rubrik.",
        ),
        Code::UnreadPromiseColumn => words(
            "En kolumn i loggen innehåller löftenas id men har en rubrik som lofte inte läser som Löfte (till exempel Id eller Nr), så raderna räknas bara efter aktivitet.",
            "Döp om kolumnen till Löfte, eller skriv under [kolumner] i löftesfilen vilken kolumn det är: lofte = \"Id\".",
        ),
        Code::PromiseWrittenOnce => words(
            "Loggen verkar skriva löftet en gång överst i ett block av rader: raderna under har tom Löfte-cell och räknas inte.",
            "Skriv löftets id på varje rad i blocket (i Excel: markera kolumnen och fyll nedåt).",
        ),
        Code::UnlabelledTotal => words(
            "En rad utan aktivitet och plats har ett antal som är summan av raderna ovanför: en summering utan ordet Summa, som skulle räknas en gång till.",
            "Är raden en summering, ta bort den eller skriv Summa i Aktivitet. Är den en aktivitet, skriv vad som gjordes i Aktivitet.",
        ),
        Code::NumberedPromise => words(
            "Cellen i kolumnen Löfte är ett tal, inte text, och talet kan vara flera löftens id (1.1 och 1.10 är samma tal).",
            "Skriv id:t som text: börja med en apostrof ('1.10) eller formatera kolumnen Löfte som Text och skriv id:t igen.",
        ),
        Code::UnknownColumn => words(
            "Ingen logg har den kolumn som ett mål i löftesfilen läser.",
            "Skriv kolumnens namn exakt som dess rubrik i loggen (under kolumn, status eller av_kolumn), till exempel kolumn = \"Beslag (g)\".",
        ),
        Code::NearActivity => words(
            "En aktivitet i loggen är nästan stavad som en aktivitet som löftesfilen räknar (till exempel Trafikkontroller och Trafikkontroll), så dess rader räknas inte.",
            "Är det samma aktivitet, skriv den som löftesfilen skriver den, eller lägg till loggens stavning under aktiviteter för löftet. Är det en annan aktivitet, ge den ett namn som inte kan förväxlas.",
        ),
        Code::NoActivity => words(
            "Raden hör till ett löfte vars alla mål bara räknar vissa aktiviteter, men raden har ingen aktivitet, så den räknas inte.",
            "Skriv i kolumnen Aktivitet vad som gjordes, så som löftet skriver det under aktiviteter.",
        ),
        Code::MatchesNoRow => words(
            "Ett värde i löftesfilen (en aktivitet, ett alias eller en plats) finns inte på någon rad i loggarna.",
            "Skriv värdet som loggen skriver det och kontrollera stavningen: ett värde som ingen rad har räknar ingenting.",
        ),
        Code::LoggedTwice => words(
            "Samma dag har både polisens och kommunens logg en rad för löftet om samma aktivitet på samma plats, och tillsammans visar raderna båda parter: samma gemensamma aktivitet skulle räknas två gånger.",
            "Är raderna samma aktivitet, skriv gemensamt = true för löftet i löftesfilen (då räknas den en gång). Höll parterna var sin aktivitet, skriv sla_samman = false för löftet.",
        ),
        Code::JointWithoutPartner => words(
            "Löftet är gemensamt, men ingen av dess rader visar både polisen och kommunen, så rapporten säger “Underlag saknas”.",
            "Skriv båda parterna i Ansvarig eller Deltagare (“Polis, Kommun” eller “Gemensamt”), eller ange lokala namn på parterna under parter i löftesfilen.",
        ),
        Code::OutsidePromiseDates => words(
            "Raden hör till ett löfte som enligt löftesfilen bara gäller en del av perioden (fran och till), och raden är daterad utanför de dagarna, så den räknas inte.",
            "Gällde löftet även den dagen, ändra fran eller till för löftet i löftesfilen. Annars behöver inget ändras.",
        ),
        Code::NoRows => words(
            "Löftet har ingen räknad rad, så rapporten säger “Underlag saknas”.",
            "Kontrollera att loggens rader har löftets id i kolumnen Löfte (eller en av löftets aktiviteter i Aktivitet) och ligger inom perioden. Genomfördes inget, förklara varför i löftesfilen under [[lofte.kommentar]], så står förklaringen i rapporten.",
        ),
        Code::DuplicateRow => words(
            "Raderna är identiska i varje kolumn; alla räknas.",
            "Har samma aktivitet förts in mer än en gång, ta bort de extra raderna. Är varje rad en egen aktivitet är loggen rätt som den är.",
        ),
        Code::FarOutsidePeriod => words(
            "Raden är daterad långt utanför avtalsperioden och loggens övriga rader, så den räknas inte.",
            "Fel årtal? Rätta datumet om aktiviteten hör till avtalet.",
        ),

        // Writing the report, and the other commands.
        Code::Template => words(
            "Rapportmallen har ett fel, eller något som typst varnar för.",
            "Rätta mallen på den rad som anges. Använder du en egen mall (--template), skriver lofte template export MAPP en ny utgångspunkt att jämföra med.",
        ),
        Code::Unprintable => words(
            "Ett tecken finns inte i rapportens typsnitt, så PDF:en visar \u{FFFD} i dess ställe.",
            "Byt ut tecknet i loggen om det ska synas i rapporten. Resultatfilen (JSON) behåller texten som den skrevs.",
        ),
        Code::UnreadableLogo => words(
            "Logotypen går inte att läsa eller är ingen bild i png, jpg eller svg.",
            "Ange en bildfil i png, jpg eller svg med --logo.",
        ),
        Code::WriteFailed => words(
            "Rapporten kunde inte skrivas.",
            "Kontrollera att mappen finns, att du får skriva i den och att disken inte är full. Stäng PDF:en om den är öppen i ett annat program, och försök igen.",
        ),
        Code::NotResults => words(
            "Filen är ingen resultatfil från lofte.",
            "Ange JSON-filen som skrevs bredvid rapporten, eller en PDF som lofte har skrivit.",
        ),
        Code::WorkbookNotWritten => words(
            "Arbetsboken för aktivitetsloggen kunde inte skapas.",
            "Det är ett fel i lofte eller en mycket ovanlig löftesfil. Rapportera det gärna, med löftesfilen bifogad.",
        ),
        Code::UnreadableAgreement => words(
            "Avtalstexten går inte att läsa som ett Word-dokument.",
            "Spara den på nytt från Word som .docx, eller kopiera texten till en .txt-fil.",
        ),
        Code::UnknownAgreementFormat => words(
            "Avtalstexten är i ett filformat som lofte init inte läser.",
            "Kopiera avtalets text från webbsidan eller PDF:en till en .txt-fil; lofte init läser .txt, .md och .docx.",
        ),
        Code::EmptyAgreement => words(
            "Avtalsfilen innehåller ingen text.",
            "Kopiera avtalets text från webbsidan eller PDF:en in i filen.",
        ),
        Code::NoPromises => words(
            "Inga löften hittades i avtalets text.",
            "Utkastet bygger på punktlistor (•, -, 1.) och tabellrader. Kopiera hela avtalet, med dess listor.",
        ),
        Code::Usage => words(
            "Det du bad om går inte att göra med de här uppgifterna.",
            "Kontrollera valen: rapportens period ska ligga inom avtalsperioden, underlagsdatumet får inte ligga före periodens början, och löftesfilen behöver minst en logg under loggar. Ligger flera .toml-filer i avtalets mapp, döp avtalets fil till loften.toml.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of every code, with the code and which field it is.
    fn texts() -> impl Iterator<Item = (Code, &'static str, &'static str)> {
        Code::ALL.iter().flat_map(|code| {
            let w = problem_words(*code);
            [(*code, "what", w.what), (*code, "todo", w.todo)]
        })
    }

    #[test]
    fn every_code_has_a_sentence_of_what_and_of_what_to_do() {
        for (code, field, text) in texts() {
            assert_eq!(text, text.trim(), "{code} {field}: {text:?}");
            let first = text.chars().next();
            assert!(
                first.is_some_and(char::is_uppercase),
                "{code} {field} starts with an upper-case letter: {text:?}"
            );
            assert!(
                text.ends_with(['.', '!', '?']),
                "{code} {field} ends a sentence: {text:?}"
            );
        }
    }

    #[test]
    fn no_two_codes_share_what_is_wrong() {
        let mut seen: std::collections::HashMap<&str, Code> = std::collections::HashMap::new();
        for code in Code::ALL {
            let what = problem_words(*code).what;
            if let Some(other) = seen.insert(what, *code) {
                panic!("{other} and {code} both say {what:?}");
            }
        }
    }

    /// Common English words that a Swedish text about a problem never
    /// uses: one of them means an English sentence slipped in. ("cell",
    /// "not" and "must" are Swedish words too, and are left out.)
    const ENGLISH: &[&str] = &[
        "the", "and", "or", "of", "to", "with", "should", "this", "which", "you", "your", "does",
        "cannot", "file", "row", "column", "sheet", "header", "value", "number", "date", "missing",
        "empty", "read", "write",
    ];

    /// The words of `text` that are in [`ENGLISH`]. A word is letters,
    /// digits, '-' and '_': option names such as --max-file-mb and keys
    /// such as max_antal_per_rad are one word each.
    fn english_words(text: &str) -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .map(|w| w.trim_matches('-').to_lowercase())
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .collect()
    }

    #[test]
    fn no_text_is_english() {
        // The check finds an English hint as the diagnostics write them.
        assert_eq!(
            english_words("Put remarks in the column \"Kommentar\"."),
            ["the", "column"]
        );
        assert!(english_words("Anteckningar hör hemma i kolumnen Kommentar.").is_empty());
        for (code, field, text) in texts() {
            let english = english_words(text);
            assert!(
                english.is_empty(),
                "{code} {field} has the English words {english:?}: {text:?}"
            );
        }
    }
}
