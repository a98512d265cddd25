package dev.holdline.platform.batch;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells a database that is away from data it refuses. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /**
     * A connection, resource, shutdown or serialization problem (worth retrying: SQL states 08, 53, 57, 40, or
     * none), as opposed to bad data or a bug.
     */
    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("40");
            }
        }
        return false;
    }
}
