package dev.holdline.gateway.service;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Says offline for the users a gone replica left online. A replica that goes away cannot say its users left: a
 * crash, but also every rolling deploy, would leave the users still in its grace period online for good. So once
 * {@link ReplicaLiveness} takes a replica for gone, the users whose last word is still its "online" (nobody claimed
 * them meanwhile: they did not come back to another replica, nor to this one) are announced offline to every room
 * they were announced in, by one live replica: the one with the smallest id, so that the rooms hear it once.
 */
final class GoneReplicaCleanup {

    private static final Logger LOG = Logger.getLogger(GoneReplicaCleanup.class);

    private final ReplicaLiveness replicas;
    private final LocalPresence here;
    private final LastWords words;
    private final PresenceClaims claims;

    GoneReplicaCleanup(ReplicaLiveness replicas, LocalPresence here, LastWords words, PresenceClaims claims) {
        this.replicas = replicas;
        this.here = here;
        this.words = words;
        this.claims = claims;
    }

    /** What this replica says for the gone replicas now; nothing if another live replica speaks for them. */
    List<Announcement> sweep(long nowMillis) {
        if (!replicas.speaksForTheGone()) {
            return List.of();
        }
        String self = replicas.self();
        List<Announcement> said = new ArrayList<>();
        words.forEach((user, word) -> {
            if (word.online() && !self.equals(word.replica()) && !here.contains(user)
                    && replicas.gone(word.replica(), word.atMillis())) {
                LOG.debugf("%s was left online by gone replica %s: offline", user, word.replica());
                said.addAll(claims.offlineFor(user, word.rooms(), nowMillis));
            }
        });
        return said;
    }
}
