//! What changed in a case file, field by field, in words: two YAML node
//! trees compared by key path, list items named by their natural key
//! ("maand 2024-06: omzet € 400,00 → € 650,00", "kostenpost Onderdelen in
//! maand 2024-03 toegevoegd"). Comments and layout are not changes.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::case::yaml::{Node, Value};
use crate::format::{money, number};

/// What happened to a field or a list item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Added,
    Removed,
    Modified,
}

/// One change, for people (`text`) and for scripts (`path`, and the
/// scalar's text as written before and after).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `maanden[2024-06].omzet`, `maanden[2024-03].kosten[Onderdelen]`.
    pub path: String,
    pub change: Kind,
    pub before: Option<String>,
    pub after: Option<String>,
    pub text: String,
}

/// The changes from `before` to `after`, in the order of the file.
pub fn compare(before: &Node, after: &Node) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk(before, after, &Place::root(), &mut out);
    out
}

/// Where in the file a node is: its key path, and the Dutch labels of the
/// groups and list items around it.
#[derive(Clone, Debug)]
struct Place {
    path: String,
    /// The key of this node in its group (`omzet`), or the key of the list
    /// it is an item of (`kosten`).
    key: String,
    labels: Vec<String>,
}

impl Place {
    fn root() -> Place {
        Place {
            path: String::new(),
            key: String::new(),
            labels: Vec::new(),
        }
    }

    /// A field of this group; `label` says whether the field names a group
    /// that should appear in the context of what lies inside it.
    fn field(&self, key: &str, node: &Node) -> Place {
        let mut labels = self.labels.clone();
        if matches!(node.value, Value::Map(_)) {
            labels.push(group_label(key));
        }
        Place {
            path: if self.path.is_empty() {
                key.to_string()
            } else {
                format!("{}.{key}", self.path)
            },
            key: key.to_string(),
            labels,
        }
    }

    fn item(&self, id: &str, label: String) -> Place {
        let mut labels = self.labels.clone();
        labels.push(label);
        Place {
            path: format!("{}[{id}]", self.path),
            key: self.key.clone(),
            labels,
        }
    }

    /// "maand 2024-03, kostenpost Onderdelen"
    fn context(&self) -> String {
        self.labels.join(", ")
    }

    /// The context of a field, ending in ": ", or nothing at the top.
    fn prefix(&self, labels: &[String]) -> String {
        if labels.is_empty() {
            String::new()
        } else {
            format!("{}: ", labels.join(", "))
        }
    }
}

fn walk(before: &Node, after: &Node, at: &Place, out: &mut Vec<FieldChange>) {
    match (&before.value, &after.value) {
        (Value::Map(old), Value::Map(new)) => walk_map(old, new, at, out),
        (Value::Seq(old), Value::Seq(new)) => walk_list(old, new, at, out),
        (Value::Scalar(a), Value::Scalar(b)) if a == b => {}
        (Value::Null, Value::Null) => {}
        _ => modified(before, after, at, out),
    }
}

fn walk_map(old: &[(Node, Node)], new: &[(Node, Node)], at: &Place, out: &mut Vec<FieldChange>) {
    let name = |k: &Node| k.scalar().map(str::to_string);
    let old_by_key: HashMap<String, &Node> = old
        .iter()
        .filter_map(|(k, v)| Some((name(k)?, v)))
        .collect();
    let new_keys: Vec<String> = new.iter().filter_map(|(k, _)| name(k)).collect();
    for (key, value) in new {
        let Some(key) = name(key) else { continue };
        let place = at.field(&key, value);
        match old_by_key.get(&key) {
            Some(previous) => walk(previous, value, &place, out),
            None => field_added(&key, value, at, &place, out),
        }
    }
    for (key, value) in old {
        let Some(key) = name(key) else { continue };
        if !new_keys.contains(&key) {
            let place = at.field(&key, value);
            field_removed(&key, value, at, &place, out);
        }
    }
}

/// A list item's identity: its natural key (a month, a year, a date, a
/// description), or its position.
fn identities(list: &str, items: &[Node]) -> Vec<(String, String)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (id, label) = match natural_key(list, item) {
                Some((id, label)) => (id, label),
                None => (
                    (i + 1).to_string(),
                    format!("{} nr. {}", item_noun(list), i + 1),
                ),
            };
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                (format!("{id}#{n}"), format!("{label} ({n}e)"))
            } else {
                (id, label)
            }
        })
        .collect()
}

/// The key that names an item of `list`, and how a person calls the item.
fn natural_key(list: &str, item: &Node) -> Option<(String, String)> {
    let field = |name: &str| -> Option<String> {
        let Value::Map(entries) = &item.value else {
            return None;
        };
        entries
            .iter()
            .find(|(k, _)| k.scalar() == Some(name))
            .and_then(|(_, v)| v.scalar())
            .map(str::to_string)
    };
    let keyed = |name: &str| field(name).map(|v| (v.clone(), format!("{} {v}", item_noun(list))));
    match list {
        "maanden" => keyed("maand"),
        "jaarstukken" => keyed("boekjaar"),
        "normen" => field("vanaf").map(|v| (v.clone(), format!("norm vanaf {v}"))),
        "kosten" | "investeringen" | "vergunningen" => keyed("omschrijving"),
        "afwijkingen" => {
            let regel = field("regel")?;
            Some(match field("betreft") {
                Some(b) => (format!("{regel} {b}"), format!("afwijking {regel} ({b})")),
                None => (regel.clone(), format!("afwijking {regel}")),
            })
        }
        _ => item
            .scalar()
            .map(|v| (v.to_string(), format!("{} {v}", item_noun(list)))),
    }
}

fn item_noun(list: &str) -> &str {
    match list {
        "maanden" => "maand",
        "jaarstukken" => "jaarstukken",
        "normen" => "norm",
        "kosten" => "kostenpost",
        "investeringen" => "investering",
        "vergunningen" => "vergunning",
        "afwijkingen" => "afwijking",
        "langlopende_verplichtingen" => "langlopende verplichting",
        other => other,
    }
}

/// Lists whose items are best read in the order of their key (months,
/// years, dates), not in the order they happen to stand in the file.
fn sorted_by_key(list: &str) -> bool {
    matches!(list, "maanden" | "jaarstukken" | "normen")
}

fn walk_list(old: &[Node], new: &[Node], at: &Place, out: &mut Vec<FieldChange>) {
    let old_ids = identities(&at.key, old);
    let new_ids = identities(&at.key, new);
    let old_index: HashMap<&str, usize> = old_ids
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    // Changes per item, with the order they are shown in.
    let mut groups: Vec<(String, Vec<FieldChange>)> = Vec::new();
    let order = |id: &str, position: usize| {
        if sorted_by_key(&at.key) {
            id.to_string()
        } else {
            format!("{position:08}")
        }
    };
    for (i, (item, (id, label))) in new.iter().zip(&new_ids).enumerate() {
        let place = at.item(id, label.clone());
        let mut changes = Vec::new();
        match old_index.get(id.as_str()) {
            Some(&j) => walk(&old[j], item, &place, &mut changes),
            None => item_added(item, at, &place, &mut changes),
        }
        groups.push((order(id, i), changes));
    }
    for (j, (item, (id, label))) in old.iter().zip(&old_ids).enumerate() {
        if !new_ids.iter().any(|(n, _)| n == id) {
            let place = at.item(id, label.clone());
            let mut changes = Vec::new();
            item_removed(item, at, &place, &mut changes);
            groups.push((order(id, j), changes));
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(groups.into_iter().flat_map(|(_, c)| c));
}

fn modified(before: &Node, after: &Node, at: &Place, out: &mut Vec<FieldChange>) {
    // A group's own label is in `at.labels`; a scalar's context is its parent's.
    let labels = parent_labels(at, after);
    out.push(FieldChange {
        path: at.path.clone(),
        change: Kind::Modified,
        before: before.scalar().map(str::to_string),
        after: after.scalar().map(str::to_string),
        text: format!(
            "{}{} {} → {}",
            at.prefix(&labels),
            at.key,
            render(&at.key, before),
            render(&at.key, after)
        ),
    });
}

/// The labels around a field: without the field's own label when it is a
/// group.
fn parent_labels(at: &Place, node: &Node) -> Vec<String> {
    let mut labels = at.labels.clone();
    if matches!(node.value, Value::Map(_)) && !labels.is_empty() && !at.path.ends_with(']') {
        labels.pop();
    }
    labels
}

fn field_added(key: &str, value: &Node, parent: &Place, at: &Place, out: &mut Vec<FieldChange>) {
    let text = match &value.value {
        Value::Null => format!("{}{key} toegevoegd (leeg)", parent.prefix(&parent.labels)),
        _ => format!(
            "{}{key} toegevoegd: {}",
            parent.prefix(&parent.labels),
            render(key, value)
        ),
    };
    out.push(FieldChange {
        path: at.path.clone(),
        change: Kind::Added,
        before: None,
        after: value.scalar().map(str::to_string),
        text,
    });
}

fn field_removed(key: &str, value: &Node, parent: &Place, at: &Place, out: &mut Vec<FieldChange>) {
    out.push(FieldChange {
        path: at.path.clone(),
        change: Kind::Removed,
        before: value.scalar().map(str::to_string),
        after: None,
        text: format!(
            "{}{key} verwijderd (was: {})",
            parent.prefix(&parent.labels),
            render(key, value)
        ),
    });
}

/// "kostenpost Onderdelen in maand 2024-03"
fn item_phrase(parent: &Place, at: &Place) -> String {
    let label = at.labels.last().cloned().unwrap_or_default();
    if parent.labels.is_empty() {
        label
    } else {
        format!("{label} in {}", parent.context())
    }
}

fn item_added(item: &Node, parent: &Place, at: &Place, out: &mut Vec<FieldChange>) {
    let summary = summary(&parent.key, item);
    out.push(FieldChange {
        path: at.path.clone(),
        change: Kind::Added,
        before: None,
        after: item.scalar().map(str::to_string),
        text: if summary.is_empty() {
            format!("{} toegevoegd", item_phrase(parent, at))
        } else {
            format!("{} toegevoegd ({summary})", item_phrase(parent, at))
        },
    });
}

fn item_removed(item: &Node, parent: &Place, at: &Place, out: &mut Vec<FieldChange>) {
    let summary = summary(&parent.key, item);
    out.push(FieldChange {
        path: at.path.clone(),
        change: Kind::Removed,
        before: item.scalar().map(str::to_string),
        after: None,
        text: if summary.is_empty() {
            format!("{} verwijderd", item_phrase(parent, at))
        } else {
            format!("{} verwijderd (was: {summary})", item_phrase(parent, at))
        },
    });
}

/// The fields of an added or removed item, briefly: "omzet € 650,00,
/// uren_direct 40 uur, 1 kostenpost". The key that names the item is left
/// out (it is in the item's name already).
fn summary(list: &str, item: &Node) -> String {
    let Value::Map(entries) = &item.value else {
        return String::new();
    };
    let naming = match list {
        "maanden" => "maand",
        "jaarstukken" => "boekjaar",
        "normen" => "vanaf",
        "kosten" | "investeringen" | "vergunningen" => "omschrijving",
        "afwijkingen" => "regel",
        _ => "",
    };
    entries
        .iter()
        .filter_map(|(k, v)| {
            let key = k.scalar()?;
            if key == naming || (list == "afwijkingen" && key == "betreft") {
                return None;
            }
            match &v.value {
                Value::Null => None,
                Value::Scalar(_) => Some(format!("{key} {}", render(key, v))),
                Value::Seq(items) if items.is_empty() => None,
                Value::Seq(items) => Some(count(key, items.len())),
                Value::Map(_) => Some(group_label(key)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn count(list: &str, n: usize) -> String {
    match (list, n) {
        ("kosten", 1) => "1 kostenpost".into(),
        ("kosten", n) => format!("{n} kostenposten"),
        (other, n) => format!("{other}: {n}"),
    }
}

/// How a group is named in the context of its fields.
fn group_label(key: &str) -> String {
    match key {
        "vog" => "VOG".into(),
        other => other.replace('_', " "),
    }
}

const AMOUNTS: &[&str] = &["omzet", "bedrag"];
const HOURS: &[&str] = &[
    "uren_direct",
    "uren_indirect",
    "uren_per_week",
    "arbeidsverplichting_uren_per_week",
];

/// A value the way a person reads it: amounts in euros, hours, yes and no.
fn render(key: &str, node: &Node) -> String {
    match &node.value {
        Value::Null => "(leeg)".into(),
        Value::Scalar(text) => render_scalar(key, text),
        Value::Seq(items) if items.is_empty() => "(geen)".into(),
        Value::Seq(items) => {
            if items.iter().all(|i| i.scalar().is_some()) {
                items
                    .iter()
                    .filter_map(|i| i.scalar())
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                count(key, items.len())
            }
        }
        Value::Map(_) => {
            let text = summary("", node);
            if text.is_empty() {
                "(leeg)".into()
            } else {
                text
            }
        }
    }
}

fn render_scalar(key: &str, text: &str) -> String {
    let decimal = || Decimal::from_str(text.trim_start_matches('+')).ok();
    if AMOUNTS.contains(&key)
        && let Some(amount) = decimal()
    {
        return money(amount);
    }
    if HOURS.contains(&key)
        && let Some(hours) = decimal()
    {
        return format!("{} uur", number(hours));
    }
    match text {
        "true" | "True" | "TRUE" => "ja".into(),
        "false" | "False" | "FALSE" => "nee".into(),
        "" => "(leeg)".into(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::yaml::parse;

    fn texts(before: &str, after: &str) -> Vec<String> {
        compare(&parse(before).unwrap(), &parse(after).unwrap())
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    const MONTHS: &str = "maanden:
  - maand: 2024-05
    omzet: 300
    uren_direct: 10
    uren_indirect: 2
  - maand: 2024-06
    omzet: 400.00
    uren_direct: 12
    uren_indirect: 2
    kosten:
      - { omschrijving: Onderdelen, categorie: materiaal, bedrag: 20, goedgekeurd: true, bewijs: true }
";

    #[test]
    fn a_changed_amount_is_named_by_its_month_and_written_in_euros() {
        let after = MONTHS.replace("omzet: 400.00", "omzet: 650");
        let changes = compare(&parse(MONTHS).unwrap(), &parse(&after).unwrap());
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!(c.text, "maand 2024-06: omzet € 400,00 → € 650,00");
        assert_eq!(c.path, "maanden[2024-06].omzet");
        assert_eq!(
            (c.before.as_deref(), c.after.as_deref()),
            (Some("400.00"), Some("650"))
        );
        assert_eq!(c.change, Kind::Modified);
    }

    #[test]
    fn comments_layout_and_order_are_not_changes() {
        let after = "# toelichting\nmaanden:\n  - { maand: 2024-05, omzet: 300, uren_direct: 10, uren_indirect: 2 }\n"
            .to_string()
            + &MONTHS[MONTHS.find("  - maand: 2024-06").unwrap()..];
        assert_eq!(texts(MONTHS, &after), Vec::<String>::new());
        // Items moved within the list: no change either.
        let swapped = format!(
            "maanden:\n{}{}",
            &MONTHS[MONTHS.find("  - maand: 2024-06").unwrap()..],
            &MONTHS[9..MONTHS.find("  - maand: 2024-06").unwrap()]
        );
        assert_eq!(texts(MONTHS, &swapped), Vec::<String>::new());
    }

    #[test]
    fn items_added_and_removed_are_named_with_their_parent() {
        let after = MONTHS.replace(
            "      - { omschrijving: Onderdelen",
            "      - { omschrijving: Advertentie, categorie: marketing, bedrag: 45.5, goedgekeurd: false, bewijs: true }\n      - { omschrijving: Onderdelen",
        );
        assert_eq!(
            texts(MONTHS, &after),
            [
                "kostenpost Advertentie in maand 2024-06 toegevoegd (categorie marketing, bedrag € 45,50, goedgekeurd nee, bewijs ja)"
            ]
        );
        let without_may = MONTHS.replace(
            "  - maand: 2024-05\n    omzet: 300\n    uren_direct: 10\n    uren_indirect: 2\n",
            "",
        );
        assert_eq!(
            texts(MONTHS, &without_may),
            [
                "maand 2024-05 verwijderd (was: omzet € 300,00, uren_direct 10 uur, uren_indirect 2 uur)"
            ]
        );
    }

    #[test]
    fn fields_of_groups_say_where_they_are() {
        let before = "aanvraag:\n  passend: true\n  plan_van_aanpak: { datum: 2024-01-15 }\ntoestemming: { ingangsdatum: 2024-02-01, einddatum: null }\n";
        let after = "aanvraag:\n  passend: false\n  plan_van_aanpak: { datum: 2024-01-20 }\ntoestemming: { ingangsdatum: 2024-02-01, einddatum: 2025-06-30 }\n";
        assert_eq!(
            texts(before, after),
            [
                "aanvraag: passend ja → nee",
                "aanvraag, plan van aanpak: datum 2024-01-15 → 2024-01-20",
                "toestemming: einddatum (leeg) → 2025-06-30",
            ]
        );
        assert_eq!(
            texts(
                "zaaknummer: A\n",
                "zaaknummer: A\ntoestemming: { ingangsdatum: 2024-02-01 }\n"
            ),
            ["toestemming toegevoegd: ingangsdatum 2024-02-01"]
        );
    }

    #[test]
    fn norms_waivers_and_plain_lists() {
        let before = "uitkering:\n  normen:\n    - { vanaf: 2024-01-01, bedrag: 1401.50 }\naanvraag:\n  langlopende_verplichtingen: []\nafwijkingen: []\n";
        let after = "uitkering:\n  normen:\n    - { vanaf: 2024-01-01, bedrag: 1401.50 }\n    - { vanaf: 2024-07-01, bedrag: 1426.36 }\naanvraag:\n  langlopende_verplichtingen: [Leaseauto]\nafwijkingen:\n  - { regel: art8.1, betreft: 2024-06, datum: 2025-01-10, motivering: Ziekenhuisopname }\n";
        assert_eq!(
            texts(before, after),
            [
                "norm vanaf 2024-07-01 in uitkering toegevoegd (bedrag € 1.426,36)",
                "langlopende verplichting Leaseauto in aanvraag toegevoegd",
                "afwijking art8.1 (2024-06) toegevoegd (datum 2025-01-10, motivering Ziekenhuisopname)",
            ]
        );
    }

    #[test]
    fn two_items_with_the_same_description_are_told_apart() {
        let before = "jaarstukken:\n  - boekjaar: 2024\n    kosten:\n      - { omschrijving: Onderdelen, bedrag: 10 }\n      - { omschrijving: Onderdelen, bedrag: 20 }\n";
        let after = before.replace("bedrag: 20", "bedrag: 25");
        let changes = compare(&parse(before).unwrap(), &parse(&after).unwrap());
        assert_eq!(
            changes[0].text,
            "jaarstukken 2024, kostenpost Onderdelen (2e): bedrag € 20,00 → € 25,00"
        );
        assert_eq!(
            changes[0].path,
            "jaarstukken[2024].kosten[Onderdelen#2].bedrag"
        );
    }
}
