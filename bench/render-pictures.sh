#!/usr/bin/env bash
# render-pictures.sh — look at `aterrapport render` output as a person would.
#
# Renders a report (default: examples/skane-2020.yaml, with --force because the transcription keeps
# one real error of the original) as HTML and as Word, then takes pictures of them:
#   - the HTML screenshotted by headless Chromium (the screen view), and printed to PDF by Chromium
#     (the print view, A4) with page 1 as PNG;
#   - the DOCX converted to PDF by LibreOffice (`soffice --headless --convert-to pdf`), page 1 as PNG
#     (pdftoppm from poppler-utils).
# Installs Debian's chromium, libreoffice-writer and poppler-utils with apt-get when they are missing
# (needs root; the first run takes a few minutes).
#
# Usage: bench/render-pictures.sh [REPORT.yaml] [OUTDIR]     (OUTDIR default: target/render-pictures)
# Pictures: OUTDIR/html-screen.png, OUTDIR/html-print-N.png, OUTDIR/docx-N.png (N = page number)
# Env: PAGES="1 3" picks the pages to convert (default "1 2").
set -euo pipefail

cd "$(dirname "$0")/.."
report=${1:-examples/skane-2020.yaml}
out=${2:-target/render-pictures}
pages=${PAGES:-1 2}
mkdir -p "$out"

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
# Fonts with ☒/☐ and metric-compatible stand-ins for Calibri.
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi carlito || need+=(fonts-crosextra-carlito)
if ((${#need[@]})); then
    echo "installing: ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --quiet
bin=target/debug/aterrapport
abs_out=$(cd "$out" && pwd)

"$bin" render "$report" --force --format html -o "$out/report.html"
"$bin" render "$report" --force --format docx -o "$out/report.docx"

# Chromium refuses to run as root without --no-sandbox; the page loads nothing from outside.
chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run)
"${chrome[@]}" --window-size=1100,1500 --screenshot="$abs_out/html-screen.png" \
    "file://$abs_out/report.html" 2>/dev/null
"${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$abs_out/html-print.pdf" \
    "file://$abs_out/report.html" 2>/dev/null

soffice --headless --convert-to pdf --outdir "$abs_out" "$abs_out/report.docx" >/dev/null 2>&1

for p in $pages; do
    pdftoppm -png -r 60 -f "$p" -l "$p" -singlefile "$out/html-print.pdf" "$out/html-print-$p"
    pdftoppm -png -r 60 -f "$p" -l "$p" -singlefile "$out/report.pdf" "$out/docx-$p"
done
echo "pages: html print $(pdfinfo "$out/html-print.pdf" 2>/dev/null | awk '/^Pages/{print $2}'), docx $(pdfinfo "$out/report.pdf" 2>/dev/null | awk '/^Pages/{print $2}')"
ls -la "$out"/*.png
