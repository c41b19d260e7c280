#!/usr/bin/env bash
# Geeft de besluiten van de voorbeelddossiers in case-files/ uit naar output/,
# met de procedure van de Awb zoals een gemeente die loopt:
#   16 juni 2025  besluiten op aanvragen, verzoeken om aanvulling, evaluaties,
#                 voornemens tot intrekking en terugvordering, afrekeningen;
#    1 juli 2025  na de termijn voor een zienswijze: intrekking en terugvordering;
#   14 juli 2025  na de aanvulling: toekenning, of buiten behandeling.
# Alle data liggen in het verleden: daarom --allow-backdated (zonder die vlag
# weigert pto een brief die meer dan het beleid toestaat is teruggedateerd).
# Een tweede keer draaien verandert niets (dezelfde bytes, geen dubbele
# registerregels).
set -uo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet || exit 2
pto="${CARGO_TARGET_DIR:-target}/release/pto"
terug=--allow-backdated

echo "== Controle van alle dossiers (fouten hier leiden tot afwijzing of intrekking)"
$pto check --date 2025-06-16 >/dev/null
echo "   pto check: exitstatus $? (1 = er zijn bevindingen van het type fout)"
echo
echo "== 16 juni 2025: aanvragen (toekenning, afwijzing, twee verzoeken om aanvulling)"
$pto decide aanvraag PTO-2025-0003 PTO-2025-0009 PTO-2025-0014 PTO-2025-0015 --date 2025-06-16 $terug || exit $?
echo
echo "== 16 juni 2025: jaarlijkse evaluaties (verlengingen, een voornemen tot intrekking)"
$pto decide evaluatie PTO-2023-0104 PTO-2024-0012 PTO-2024-0031 PTO-2024-0047 --date 2025-06-16 $terug || exit $?
echo
echo "== 16 juni 2025: afrekeningen over 2023 en 2024 (een voornemen tot terugvordering)"
$pto decide afrekening PTO-2023-0104 --year 2023 --date 2025-06-16 $terug || exit $?
$pto decide afrekening PTO-2023-0104 PTO-2024-0012 PTO-2024-0031 --year 2024 --date 2025-06-16 $terug || exit $?
echo
echo "== 1 juli 2025: na de zienswijze (De Boer) en na de termijn zonder reactie (El Amrani)"
$pto decide evaluatie PTO-2024-0047 --date 2025-07-01 $terug || exit $?
$pto decide afrekening PTO-2024-0031 --year 2024 --date 2025-07-01 $terug || exit $?
echo
echo "== 14 juli 2025: de VOG is binnen (Okafor), het bankafschrift niet (De Wit)"
$pto decide aanvraag PTO-2025-0014 PTO-2025-0015 --date 2025-07-14 $terug || exit $?
echo
echo "== Archief controleren"
$pto verify
