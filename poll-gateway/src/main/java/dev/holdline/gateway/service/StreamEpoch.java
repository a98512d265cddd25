package dev.holdline.gateway.service;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Which stream this replica reads, as a short id that cursors carry ({@link Cursors}). A stream that is deleted
 * and declared again (an operator's mistake, a rebuilt cluster) starts its offsets at 0 again: a cursor of the old
 * stream would point past the new one's end and its holder would miss everything until the offsets passed it. The
 * epoch is written into the stream itself, in the catch-up markers every replica publishes at start and then
 * every {@code gateway.stream.epoch-every}: the first marker with an epoch that a replica reads names its
 * stream's epoch. A replica that reads none (a new stream, or one that no replica wrote to for longer than
 * {@code gateway.stream.replay}) proposes its own in its marker, and two replicas proposing at once both take the
 * one the stream holds first. After such a long silence, old cursors get a {@code gap} they did not strictly need:
 * the safe side.
 */
@Singleton
public class StreamEpoch {

    private static final Logger LOG = Logger.getLogger(StreamEpoch.class);
    private static final Pattern VALID = Pattern.compile("[0-9a-z]{1,16}");

    private final String proposal;
    private volatile String current;
    private boolean warned;

    public StreamEpoch(Clock clock) {
        this.proposal = Long.toString(clock.millis(), 36);
    }

    /** Whether {@code epoch} has the form of one (base 36, at most 16 characters). */
    public static boolean isValid(String epoch) {
        return epoch != null && VALID.matcher(epoch).matches();
    }

    /** The stream's epoch, or null until a marker naming one has been read. */
    public String current() {
        return current;
    }

    /** What this replica's markers say: the stream's epoch once known, else this replica's proposal. */
    public String announced() {
        String known = current;
        return known != null ? known : proposal;
    }

    /** An epoch read from the stream: the first one read is the stream's; later different ones are ignored. */
    public synchronized void read(String epoch) {
        if (!isValid(epoch)) {
            return;
        }
        if (current == null) {
            current = epoch;
            LOG.infof("the stream's epoch is %s (cursors end in .%s)", epoch, epoch);
        } else if (!current.equals(epoch) && !warned) {
            warned = true;
            LOG.infof("another epoch (%s) proposed in the stream after %s: ignored, %s stays", epoch, current, current);
        }
    }

    /**
     * Whether a cursor's epoch is another stream's: false for a cursor without one (taken as this stream's) and
     * while this replica does not know its stream's epoch yet.
     */
    public boolean isForeign(String cursorEpoch) {
        String known = current;
        return cursorEpoch != null && known != null && !known.equals(cursorEpoch);
    }
}
