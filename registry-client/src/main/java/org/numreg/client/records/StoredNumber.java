package org.numreg.client.records;

import org.numreg.registry.domain.NumberRecord;

/**
 * A number as the read model holds it: the record (with its PIN hash), the carrier's name, and
 * the log position that last changed it.
 */
public record StoredNumber(NumberRecord record, String carrierName, long position) {
}
