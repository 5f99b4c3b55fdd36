package org.numreg.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Puts {@code count} numbers (+1 989 200 0000 on, OCN LOAD) into a whois read model's tables
 * unless they are there: what its feed would hold after as many allocations, made in seconds
 * for the lookup benchmark (bench/whois-load). Run: {@code bench/run-main WhoisFill <jdbc url> <count>}.
 */
public final class WhoisFill {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = Integer.parseInt(args[1]);
        try (Connection db = DriverManager.getConnection(url); Statement sql = db.createStatement()) {
            ResultSet present = sql.executeQuery("SELECT count(*) FROM number_record WHERE ocn = 'LOAD'"
                    + " AND number LIKE '+1989%'");
            present.next();
            if (present.getLong(1) >= count) {
                System.out.println("whois read model holds " + present.getLong(1) + " load numbers already");
                return;
            }
            long started = System.nanoTime();
            sql.executeUpdate("INSERT INTO ocn_record (ocn, name, contact, position) VALUES ('LOAD', 'Load Test Telephone',"
                    + " null, 0) ON CONFLICT DO NOTHING");
            sql.executeUpdate("INSERT INTO number_record (number, ocn, type, service_indicator, zip, pin_hash, version,"
                    + " position, view) SELECT '+' || k, 'LOAD', 'MOBILE', null, null, null, 1, 0,"
                    + " '{\"allocatedAt\":\"2026-11-23T00:00:00Z\",\"number\":\"+' || k || '\",\"ocn\":\"LOAD\","
                    + "\"lookupPinFailures\":{\"count\":0},\"pinSet\":false,\"portPinFailures\":{\"count\":0},"
                    + "\"portProtected\":false,"
                    + "\"properties\":{\"type\":\"MOBILE\"},\"updatedAt\":\"2026-11-23T00:00:00Z\",\"version\":1}'"
                    + " FROM generate_series(19892000000::bigint, 19892000000 + " + (count - 1) + ") AS k"
                    + " ON CONFLICT DO NOTHING");
            sql.execute("ANALYZE number_record");
            System.out.printf("put %,d numbers into the whois read model in %.1f s%n", count,
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
