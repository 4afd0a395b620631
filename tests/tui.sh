#!/bin/sh
# tui.sh: the live view as a user meets it, in tmux at 80x24 and 200x50:
# a lab capture replayed with --tui --speed 0, keys sent, the screen read
# back with capture-pane.  The stuck tunnel must be listed with its state
# and stall timer, the detail ladder must mark the retransmitted message,
# filtering and the vocabulary key must change what they should, and q
# must restore the terminal and print the summary and findings.
. "${top_srcdir:-.}/tests/lib.sh"
need_ikewatch
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
mktmpdir tui

SOCK=$TMPD/tmux.sock
T="tmux -S $SOCK"
trap '$T kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT INT TERM
pcap=$top_srcdir/pcaps/ikev1-nat-4500-blocked.pcap

on_fail() {
	echo "--- screen:"
	cat "$TMPD/screen"
}
screen() { $T capture-pane -p -t v >"$TMPD/screen"; }
shows() { grep -q -- "$1" "$TMPD/screen"; }
# wait_for PATTERN: up to 15 s for the screen to show it.
wait_for() {
	i=0
	while [ $i -lt 75 ]; do
		screen
		shows "$1" && return 0
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}
key() { $T send-keys -t v "$@"; sleep 0.4; screen; }

for size in 80x24 200x50; do
	w=${size%x*}
	h=${size#*x}
	$T kill-server 2>/dev/null
	$T new-session -d -s v -x "$w" -y "$h" || skip "tmux cannot start"
	$T set-option -t v remain-on-exit on >/dev/null
	mkdir -p "$TMPD/cwd-$size"
	$T respawn-pane -k -t v "cd '$TMPD/cwd-$size' && TERM=xterm-256color '$IKEWATCH' -r '$pcap' --tui --speed 0; echo ikewatch exit status \$?"
	check "$size: the replay reaches the end of the capture" \
	    wait_for "end of capture"
	check "$size: the stuck tunnel is listed with its state" \
	    sh -c "grep 'STUCK' '$TMPD/screen' | grep -q 'MM_WAIT_MSG6'"
	check "$size: its stall timer counts" \
	    sh -c "grep 'STUCK' '$TMPD/screen' | grep -q ' [0-9][0-9]*s '"
	check "$size: the events pane names the finding" \
	    shows "no_response"
	key Enter
	check "$size: the detail ladder marks the retransmitted message" \
	    sh -c "grep 'Main Mode 5' '$TMPD/screen' | grep -q 'retransmit #3'"
	key Escape
	sleep 0.5
	key /
	$T send-keys -t v "198.51.100.99" Enter
	sleep 0.4
	screen
	check "$size: a filter that matches nothing empties the table" \
	    shows "no IKE SA matches the filter"
	key /
	$T send-keys -t v "MM_WAIT_MSG6" Enter
	sleep 0.4
	screen
	check "$size: a filter on the state keeps the tunnel" \
	    sh -c "grep -q 'STUCK' '$TMPD/screen'"
	key /
	$T send-keys -t v Enter		# an empty filter: all again
	sleep 0.4
	key v
	check "$size: v switches to the IOS vocabulary" shows "MM_KEY_EXCH"
	key e
	check "$size: e writes the selected tunnel's evidence" \
	    wait_for "evidence written to ikewatch-evidence-"
	check "$size: its bundle checks (sha256sum -c) and names the stall" \
	    sh -c "cd '$TMPD/cwd-$size'/ikewatch-evidence-* && sha256sum -c --quiet SHA256SUMS && grep -q 'no_response' report.md"
	key q
	check "$size: q leaves the view with status 0" \
	    wait_for "ikewatch exit status 0"
	check "$size: the summary and findings are printed after it" \
	    sh -c "grep -q '^Findings (' '$TMPD/screen' || $T capture-pane -p -S -200 -t v | grep -q '^Findings ('"
	$T capture-pane -p -S -300 -t v >"$TMPD/all"
	check "$size: the statistics close the output" \
	    grep -q '^Statistics for' "$TMPD/all"
done

# Too small a terminal: a message, not garbage.
$T kill-server 2>/dev/null
$T new-session -d -s v -x 60 -y 20
$T set-option -t v remain-on-exit on >/dev/null
$T respawn-pane -k -t v "TERM=xterm-256color '$IKEWATCH' -r '$pcap' --tui --speed 0"
check "60x20: says the terminal is too small" wait_for "needs 80x24"
$T send-keys -t v q
$T kill-server 2>/dev/null

checks_done tui
