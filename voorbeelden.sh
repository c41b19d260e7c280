#!/usr/bin/env bash
# Geeft de besluiten van de voorbeelddossiers in case-files/ uit naar output/:
# alle vijf soorten brieven, op besluitdatum 16 juni 2025. Een tweede keer
# draaien verandert niets (dezelfde bytes, geen dubbele registerregels).
set -uo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet || exit 2
pto=target/release/pto
date=2025-06-16

echo "== Controle van alle dossiers (fouten hier leiden tot afwijzing of intrekking)"
$pto check --date $date >/dev/null
echo "   pto check: exitstatus $? (1 = er zijn bevindingen van het type fout)"
echo
echo "== Besluiten op aanvragen"
$pto decide aanvraag PTO-2025-0003 PTO-2025-0009 --date $date || exit $?
echo
echo "== Jaarlijkse evaluaties"
$pto decide evaluatie PTO-2023-0104 PTO-2024-0012 PTO-2024-0031 PTO-2024-0047 --date $date || exit $?
echo
echo "== Afrekeningen over 2024"
$pto decide afrekening PTO-2023-0104 PTO-2024-0012 PTO-2024-0031 --year 2024 --date $date || exit $?
echo
echo "== Archief controleren"
$pto verify
