#!/bin/sh
# lab_keys.sh: the keys the lab logged decrypt its captures in tshark.
#
# For every pcaps/NAME.keys: the sections are split into the tables
# Wireshark reads (ikev1_decryption_table, ikev2_decryption_table,
# esp_sa) in a private configuration directory.  In the healthy captures
# every encrypted IKE message must decrypt (IKEv2: the SK payload marked
# decrypted and no bad ICV; IKEv1: the HASH or ID payload that only shows
# once decrypted) and every ESP packet must decrypt with a good ICV.  In
# the others, where retransmitted IKEv1 messages defeat Wireshark's IV
# tracking, at least one IKE message must decrypt.
. "${top_srcdir:-.}/tests/lib.sh"
[ -n "${TSHARK:-}" ] && [ -x "$TSHARK" ] || skip "tshark is not installed"
mktmpdir labkeys
set -- "$top_srcdir"/pcaps/*.keys
[ -e "$1" ] || skip "no key files in pcaps/"

count() {	# count CONFIGDIR PCAP FILTER
	WIRESHARK_CONFIG_DIR=$1 "$TSHARK" -r "$2" -Y "$3" 2>/dev/null | wc -l
}

n=0
bad=0
for keys in "$@"; do
	name=$(basename "$keys" .keys)
	pcap=$top_srcdir/pcaps/$name.pcap
	[ -f "$pcap" ] || continue
	n=$((n + 1))
	ws=$TMPD/$name
	ws_keys "$ws" "$keys"
	enc=$(count "$ws" "$pcap" 'isakmp.enc.data && !icmp')
	if [ -f "$ws/ikev2_decryption_table" ]; then
		dec=$(count "$ws" "$pcap" 'isakmp.enc.decrypted && !icmp')
		icv=$(count "$ws" "$pcap" 'isakmp.ikev2.integrity_checksum')
	else
		dec=$(count "$ws" "$pcap" \
		    'isakmp.enc.data && (isakmp.hash || isakmp.id.type) && !icmp')
		icv=0
	fi
	esp=0
	good=0
	if [ -f "$ws/esp_sa" ]; then
		esp=$(count "$ws" "$pcap" 'esp && !(icmp.type in {3,4,5,11,12})')
		good=$(count "$ws" "$pcap" 'esp.icv_good == 1 && icmp.type in {0,8} && !(icmp.type in {3,4,5,11,12})')
	fi
	ok=1
	case $name in
	*-healthy)
		[ "$enc" -gt 0 ] && [ "$dec" -eq "$enc" ] && [ "$icv" -eq 0 ] ||
			ok=0
		[ "$esp" -eq "$good" ] || ok=0 ;;
	*)
		[ "$enc" -eq 0 ] || [ "$dec" -gt 0 ] || ok=0 ;;
	esac
	msg="$name: $dec/$enc IKE messages decrypted, $icv bad ICVs, $good/$esp ESP packets decrypted"
	if [ "$ok" = 1 ]; then
		echo "ok $msg"
	else
		echo "FAIL $msg"
		bad=$((bad + 1))
	fi
done
echo "lab-keys: $((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
