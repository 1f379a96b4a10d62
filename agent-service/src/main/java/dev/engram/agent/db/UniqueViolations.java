package dev.engram.agent.db;

/** Recognises PostgreSQL's unique_violation (23505) however Hibernate Reactive or the Vert.x client wrapped it. */
public final class UniqueViolations {

    private UniqueViolations() {
    }

    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
