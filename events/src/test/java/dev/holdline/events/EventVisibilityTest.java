package dev.holdline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventVisibilityTest {

    @Test
    void shouldDeclareAVisibilityForEveryKnownType() {
        for (String type : EventTypes.ALL) {
            assertTrue(EventTypes.visibility(type).isPresent(), type + " declares no visibility");
        }
    }

    @Test
    void shouldMakeImagesScoresBoardsAndOrdersDomainEvents() {
        for (String type : new String[] { "image.uploaded", "image.processing", "image.completed", "image.failed",
                "image.deleted", "order.placed", "score.submitted", "score.removed", "leaderboard.updated",
                "leaderboard.reset" }) {
            assertEquals(Optional.of(EventVisibility.DOMAIN), EventTypes.visibility(type), type);
        }
    }

    @Test
    void shouldKeepWhatUsersWroteToEachOtherPrivate() {
        assertEquals(Optional.of(EventVisibility.PRIVATE), EventTypes.visibility("chat.message"));
        assertEquals(Optional.of(EventVisibility.PRIVATE), EventTypes.visibility("notification"));
    }

    @Test
    void shouldMakeTypingReadReceiptsAndPresenceEphemeral() {
        assertEquals(Optional.of(EventVisibility.EPHEMERAL), EventTypes.visibility("chat.typing"));
        assertEquals(Optional.of(EventVisibility.EPHEMERAL), EventTypes.visibility("chat.read"));
        assertEquals(Optional.of(EventVisibility.EPHEMERAL), EventTypes.visibility("presence.changed"));
    }

    @Test
    void shouldGiveNoVisibilityToATypeHoldlineDoesNotPublish() {
        assertEquals(Optional.empty(), EventTypes.visibility("chat.whisper"));
        assertEquals(Optional.empty(), EventTypes.visibility(null));
    }
}
