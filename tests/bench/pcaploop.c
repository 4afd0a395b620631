/*
 * pcaploop.c: the floor of the benchmark.  Reads a capture with libpcap
 * the way ikewatch does (pcap_next_ex) and touches one byte of each
 * frame, so the frame is really fetched, and does nothing else.  What
 * ikewatch costs beyond this is the cost of its analysis.
 *
 *	pcaploop FILE
 *
 * Prints the frame count and a sum of the touched bytes (printed, so the
 * compiler cannot drop the loop).  Exit status 0, 1 when the file cannot
 * be read to its end, 2 for a bad command line.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include <pcap/pcap.h>

int
main(int argc, char **argv)
{
	char			 errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*data;
	pcap_t			*p;
	uint64_t		 frames = 0, sum = 0;
	int			 rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcaploop FILE\n");
		return 2;
	}
	if ((p = pcap_open_offline(argv[1], errbuf)) == NULL) {
		fprintf(stderr, "pcaploop: %s\n", errbuf);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		frames++;
		/* The last byte: the whole frame was there to be read. */
		if (h->caplen > 0)
			sum += data[h->caplen - 1];
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcaploop: %s: %s\n", argv[1], pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	printf("%" PRIu64 " frames, byte sum %" PRIu64 "\n", frames, sum);
	return 0;
}
