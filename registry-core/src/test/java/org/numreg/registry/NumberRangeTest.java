package org.numreg.registry;

import org.junit.jupiter.api.Test;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Nanp;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.Prefix;

import static org.assertj.core.api.Assertions.assertThat;

class NumberRangeTest {

    @Test
    void anExchangeHasTenThousandNumbersAnAreaCodeEightHundredExchanges() {
        assertThat(new NumberRange(Prefix.of("+1212555"), 11).size()).isEqualTo(10_000);
        assertThat(new NumberRange(Prefix.of("+1212"), 11).size()).isEqualTo(800 * 10_000);
        assertThat(new NumberRange(Prefix.of("+12125550"), 11).size()).isEqualTo(1_000);
    }

    @Test
    void sizeCountsExactlyTheValidNumbers() {
        for (String prefix : new String[] {"+121", "+1201", "+44207"}) {
            NumberRange range = new NumberRange(Prefix.of(prefix), prefix.startsWith("+1") ? 11 : 12);
            long brute = 0;
            for (long key = range.firstKey(); key <= range.lastKey(); key++) {
                if (Nanp.isValidKey(key)) {
                    brute++;
                }
            }
            assertThat(range.size()).as(prefix).isEqualTo(brute);
            assertThat(range.contains(E164.ofKey(Nanp.nextValidKey(range.firstKey())))).isTrue();
        }
    }
}
