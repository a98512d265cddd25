package dev.holdline.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.platform.messaging.BrokerUnavailableException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMappersTest {

    private final ErrorMappers mappers = new ErrorMappers();

    @Test
    void shouldAnswer503WithRetryAfterWhenTheDatabaseIsAway() {
        RuntimeException refused = new IllegalStateException("could not prepare statement",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
        RuntimeException restarting = new RuntimeException(new SQLException("the database system is starting up", "57P03"));
        RuntimeException pool = new RuntimeException(new SQLException("Sorry, acquisition timeout!"));

        RuntimeException refusedSocket = new RuntimeException(new SQLException("Connection to 127.0.0.1:5432 refused",
                "08001", new ConnectException("Connection refused")));
        for (RuntimeException away : new RuntimeException[] {refused, restarting, pool, refusedSocket}) {
            var response = mappers.unexpected(away);
            assertEquals(503, response.getStatus(), away.toString());
            assertEquals("5", response.getHeaderString("Retry-After"));
            assertTrue(((ErrorBody) response.getEntity()).error().equals("unavailable"), away.toString());
        }
    }

    @Test
    void shouldKeep500ForBugsAndBadDataInTheDatabase() {
        assertFalse(ErrorMappers.databaseAway(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertEquals(500, mappers.unexpected(new RuntimeException(new SQLException("division by zero", "22012")))
                .getStatus(), "a data exception of the query itself is a bug");
        assertFalse(ErrorMappers.databaseAway(new NullPointerException()));
        assertEquals(500, mappers.unexpected(new IllegalStateException("a bug")).getStatus());
    }

    @Test
    void shouldAnswer400ForAValueTheDatabaseCannotStore() {
        var response = mappers.unexpected(new IllegalStateException(
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")));

        assertEquals(400, response.getStatus());
    }

    @Test
    void shouldAnswer400ForAMalformedMultipartAnd503ForAnUnreachableService() {
        assertEquals(400, mappers.unexpected(new java.io.IOException("Connection terminated parsing multipart request"))
                .getStatus());
        var response = mappers.unexpected(new RuntimeException(new ConnectException("Connection refused")));
        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
    }

    @Test
    void shouldAnswer503WhenTheBrokerCannotConfirm() {
        BrokerUnavailableException away = BrokerUnavailableException.of(new CompletionException(
                new ConnectException("Connection refused")));

        var response = mappers.brokerUnavailable(away);

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertTrue(away.getMessage().contains("Connection refused"));
    }
}
