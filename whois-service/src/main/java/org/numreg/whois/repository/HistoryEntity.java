package org.numreg.whois.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One committed change of a number (table whois_history): the event's data without PIN hashes. */
@Entity
@Table(name = "whois_history")
@IdClass(HistoryEntity.Key.class)
public class HistoryEntity {

    /** A change is the event at (position, index) of the log, about one number. */
    public static class Key implements Serializable {
        public String number;
        public long position;
        public int eventIndex;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.position == position && key.eventIndex == eventIndex
                    && Objects.equals(key.number, number);
        }

        @Override
        public int hashCode() {
            return Objects.hash(number, position, eventIndex);
        }
    }

    @Id
    public String number;
    @Id
    public long position;
    @Id
    @Column(name = "idx")
    public int eventIndex;
    public Instant time;
    public String type;
    public String registrar;
    /** Who asked for it: user name or API client id; null for changes logged before principals were. */
    public String principal;
    /** The identity provider's subject of {@link #principal}. */
    @Column(name = "principal_id")
    public String principalId;
    public String command;
    /** The event's data as JSON. */
    public String data;
}
