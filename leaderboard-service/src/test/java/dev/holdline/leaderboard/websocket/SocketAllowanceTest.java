package dev.holdline.leaderboard.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.testing.TestMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketAllowanceTest {

    private static SocketAllowance allowance(int perUser, int anonymous) {
        LeaderboardConfig config = TestMappings.of(LeaderboardConfig.class,
                Map.of("leaderboard.limits.sockets-per-user", Integer.toString(perUser),
                        "leaderboard.limits.anonymous-sockets", Integer.toString(anonymous)));
        return new SocketAllowance(config);
    }

    @Test
    void shouldCountEachUsersSocketsAndGiveOneBackOnClose() {
        SocketAllowance allowance = allowance(2, 5);
        assertTrue(allowance.take("ann"));
        assertTrue(allowance.take("ann"));
        assertTrue(allowance.full("ann"));
        assertFalse(allowance.take("ann"), "a third socket for ann");
        assertTrue(allowance.take("bob"), "bob has an allowance of his own");

        allowance.release("ann");
        assertFalse(allowance.full("ann"));
        assertTrue(allowance.take("ann"));
        assertEquals(2, allowance.openFor("ann"));
    }

    @Test
    void shouldCountAnonymousViewersTogether() {
        SocketAllowance allowance = allowance(10, 2);
        assertTrue(allowance.take(null));
        assertTrue(allowance.take(null));
        assertFalse(allowance.take(null), "a third anonymous viewer on this replica");
        assertTrue(allowance.take("ann"), "signed-in users are not anonymous viewers");
        allowance.release(null);
        assertTrue(allowance.take(null));
    }

    @Test
    void shouldRememberOnlyUsersWithASocketOpen() {
        SocketAllowance allowance = allowance(3, 3);
        for (int i = 0; i < 1000; i++) {
            assertTrue(allowance.take("user-" + i));
            allowance.release("user-" + i);
        }
        assertEquals(0, allowance.users(), "closed sockets leave nothing behind");
        allowance.release("never-seen");
        assertEquals(0, allowance.users());
    }
}
