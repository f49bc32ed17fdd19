//! The map's own texts, in German and English: its form and list, report statuses, and the
//! messages of its error codes (a report's fields, photos, locations). The common codes'
//! messages are `i18n`'s, the extra questions' the survey's.

use super::contract::{ReportStatus, map_codes};
use crate::i18n::{Lang, Text};
use crate::survey::texts::answer_error;

/// A text of a map. Names say where the text is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapMsg {
    NewReport,
    Category,
    Description,
    WhereHeading,
    WhereHint,
    Address,
    Place,
    NoPlace,
    Latitude,
    Longitude,
    Photos,
    PhotosHint,
    Send,
    Reports,
    NoReports,
    MeToo,
    MeTooCount,
    Updates,
    Overview,
    Thanks,
    ReceiptHint,
    ReceiptHeading,
    Withdrawn,
    WithdrawButton,
    FilterButton,
    AllCategories,
    AllStatuses,
    Status,
    MoreReports,
    Reported,
    ShowMap,
    MapLabel,
    MapHint,
    MapFailed,
    PointPlaced,
    UseLocation,
    NoLocation,
    LookUp,
    NothingFound,
    UseThis,
    Nearby,
    Sending,
    Shrinking,
    MeTooDone,
    InView,
    FilterCategory,
}

impl Text for MapMsg {
    #[inline(never)]
    fn text(self, lang: Lang) -> &'static str {
        use MapMsg::*;
        let en = lang == Lang::En;
        let (e, d) = match self {
            NewReport => ("Report something", "Etwas melden"),
            Category => ("What is it about?", "Worum geht es?"),
            Description => ("Describe it", "Beschreibung"),
            WhereHeading => ("Where is it?", "Wo ist es?"),
            WhereHint => (
                "Give an address or a landmark, pick a place from the list, or give coordinates. One is enough.",
                "Geben Sie eine Adresse oder einen Ort an, wählen Sie einen Ort aus der Liste oder geben Sie Koordinaten an. Eines genügt.",
            ),
            Address => ("Address or landmark", "Adresse oder Ortsbeschreibung"),
            Place => ("Place from the list", "Ort aus der Liste"),
            NoPlace => ("(none)", "(keiner)"),
            Latitude => ("Latitude", "Breitengrad"),
            Longitude => ("Longitude", "Längengrad"),
            Photos => ("Photos (up to 5)", "Fotos (bis zu 5)"),
            PhotosHint => (
                "JPEG, PNG or WebP. We keep only the picture: no location or camera data.",
                "JPEG, PNG oder WebP. Wir behalten nur das Bild: keine Standort- oder Kameradaten.",
            ),
            Send => ("Send the report", "Meldung senden"),
            Reports => ("Reports", "Meldungen"),
            NoReports => ("No reports yet.", "Noch keine Meldungen."),
            MeToo => ("Me too", "Ich auch"),
            MeTooCount => ("people said: me too", "Personen sagten: ich auch"),
            Updates => ("Updates", "Neuigkeiten"),
            Overview => ("Overview of the reports", "Übersicht der Meldungen"),
            Thanks => (
                "Thank you! Your report was sent.",
                "Danke! Ihre Meldung wurde gesendet.",
            ),
            ReceiptHint => (
                "Keep this private link: with it you can follow your report or take it back.",
                "Bewahren Sie diesen privaten Link auf: Mit ihm können Sie Ihre Meldung verfolgen oder zurückziehen.",
            ),
            ReceiptHeading => ("Your report", "Ihre Meldung"),
            Withdrawn => (
                "You took this report back. It is no longer shown.",
                "Sie haben diese Meldung zurückgezogen. Sie wird nicht mehr angezeigt.",
            ),
            WithdrawButton => ("Take my report back", "Meine Meldung zurückziehen"),
            FilterButton => ("Show", "Anzeigen"),
            AllCategories => ("All categories", "Alle Kategorien"),
            AllStatuses => ("All statuses", "Alle Stände"),
            Status => ("Status", "Stand"),
            MoreReports => ("More reports", "Weitere Meldungen"),
            Reported => ("Reported", "Gemeldet"),
            ShowMap => ("Show the map", "Karte zeigen"),
            MapLabel => ("Map of the reports", "Karte der Meldungen"),
            MapHint => (
                "Arrow keys move the map, + and − zoom. Enter places the point under the cross in the middle. A click or tap places it there.",
                "Pfeiltasten verschieben die Karte, + und − zoomen. Die Eingabetaste setzt den Punkt unter das Kreuz in der Mitte. Ein Klick oder Tippen setzt ihn dorthin.",
            ),
            MapFailed => (
                "The map could not be loaded. Give an address, a place from the list or coordinates instead.",
                "Die Karte konnte nicht geladen werden. Geben Sie stattdessen eine Adresse, einen Ort aus der Liste oder Koordinaten an.",
            ),
            PointPlaced => ("Point placed:", "Punkt gesetzt:"),
            UseLocation => ("Use my location", "Meinen Standort verwenden"),
            NoLocation => (
                "Your location is not available. Give an address or a place instead.",
                "Ihr Standort ist nicht verfügbar. Geben Sie stattdessen eine Adresse oder einen Ort an.",
            ),
            LookUp => ("Look up the address", "Adresse suchen"),
            NothingFound => (
                "Nothing found. Your address is kept as you typed it.",
                "Nichts gefunden. Ihre Adresse wird so gespeichert, wie Sie sie eingegeben haben.",
            ),
            UseThis => ("Use this place", "Diesen Ort verwenden"),
            Nearby => (
                "Is it one of these? Say \"me too\" instead of reporting it again.",
                "Ist es eine dieser Meldungen? Sagen Sie \"ich auch\", statt sie noch einmal zu melden.",
            ),
            Sending => ("Sending", "Wird gesendet"),
            Shrinking => ("Preparing the photos", "Fotos werden vorbereitet"),
            MeTooDone => (
                "Thank you: your \"me too\" counts.",
                "Danke: Ihr \"ich auch\" zählt.",
            ),
            InView => ("Reports in the map's view", "Meldungen im Kartenausschnitt"),
            FilterCategory => ("Category", "Kategorie"),
        };
        if en { e } else { d }
    }
}

/// A status's name in `lang`.
pub fn status_label(lang: Lang, status: ReportStatus) -> &'static str {
    use ReportStatus::*;
    let (e, d) = match status {
        Open => ("Open", "Offen"),
        Acknowledged => ("Acknowledged", "Zur Kenntnis genommen"),
        InProgress => ("In progress", "In Arbeit"),
        Fixed => ("Fixed", "Behoben"),
        Closed => ("Closed without a fix", "Ohne Behebung geschlossen"),
        NotResponsible => ("Not our responsibility", "Nicht unsere Zuständigkeit"),
    };
    if lang == Lang::En { e } else { d }
}

/// The message of a map error code in `lang`: the map's own codes here, the extra questions'
/// and the common ones from the survey's texts and `i18n`.
pub fn map_error(lang: Lang, code: &str) -> &'static str {
    let (e, d) = match code {
        map_codes::INVALID_REPORT => (
            "Please check the marked fields.",
            "Bitte prüfen Sie die markierten Felder.",
        ),
        map_codes::TOO_MANY_PHOTOS => (
            "A report holds at most 5 photos.",
            "Eine Meldung kann höchstens 5 Fotos enthalten.",
        ),
        map_codes::DUPLICATE_ME_TOO => (
            "You have already said \"me too\" to this report.",
            "Sie haben zu dieser Meldung schon \"ich auch\" gesagt.",
        ),
        map_codes::NO_GEOCODER => (
            "Addresses cannot be looked up here. Your address is kept as you typed it.",
            "Adressen können hier nicht nachgeschlagen werden. Ihre Adresse wird so gespeichert, wie Sie sie eingegeben haben.",
        ),
        "unknown_category" => (
            "Please choose a category.",
            "Bitte wählen Sie eine Kategorie.",
        ),
        "unknown_place" => (
            "This place is not on the list.",
            "Diesen Ort gibt es nicht in der Liste.",
        ),
        "outside_area" => (
            "This place is outside the area of this map.",
            "Dieser Ort liegt außerhalb des Gebiets dieser Karte.",
        ),
        "coordinate_out_of_range" => (
            "These coordinates are not on the earth.",
            "Diese Koordinaten liegen nicht auf der Erde.",
        ),
        "location_required" => (
            "Please say where it is: an address, a place from the list or a point on the map.",
            "Bitte sagen Sie, wo es ist: eine Adresse, ein Ort aus der Liste oder ein Punkt auf der Karte.",
        ),
        "photo_too_large" => (
            "This photo is too large (at most 12 MB).",
            "Dieses Foto ist zu groß (höchstens 12 MB).",
        ),
        "photo_not_an_image" => (
            "This file is not a photo (JPEG, PNG or WebP).",
            "Diese Datei ist kein Foto (JPEG, PNG oder WebP).",
        ),
        "photo_too_many_pixels" => (
            "This photo has too many pixels (at most 24 megapixels).",
            "Dieses Foto hat zu viele Pixel (höchstens 24 Megapixel).",
        ),
        "photo_damaged" => (
            "This photo is damaged or incomplete.",
            "Dieses Foto ist beschädigt oder unvollständig.",
        ),
        other => return answer_error(lang, other),
    };
    if lang == Lang::En { e } else { d }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{error_message, t};

    #[test]
    fn every_map_error_has_its_own_message_in_both_languages() {
        let all = [
            map_codes::INVALID_REPORT,
            map_codes::TOO_MANY_PHOTOS,
            map_codes::DUPLICATE_ME_TOO,
            map_codes::NO_GEOCODER,
            "unknown_category",
            "unknown_place",
            "outside_area",
            "coordinate_out_of_range",
            "location_required",
            "photo_too_large",
            "photo_not_an_image",
            "photo_too_many_pixels",
            "photo_damaged",
        ];
        let fallback = error_message(Lang::En, "no such code");
        for (i, code) in all.iter().enumerate() {
            let (en, de) = (map_error(Lang::En, code), map_error(Lang::De, code));
            assert_ne!(en, de, "{code}");
            assert_ne!(en, fallback, "{code} has a message of its own");
            // Not a common code under another message: the map's would shadow it everywhere.
            assert_eq!(
                answer_error(Lang::En, code),
                fallback,
                "{code} is the map's own"
            );
            for other in &all[i + 1..] {
                assert_ne!(en, map_error(Lang::En, other), "{code} / {other}");
            }
        }
        assert_eq!(t(Lang::De, MapMsg::MeToo), "Ich auch");
        assert_eq!(
            status_label(Lang::En, ReportStatus::NotResponsible),
            "Not our responsibility"
        );
    }
}
