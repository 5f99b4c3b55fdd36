package org.numreg.console.web;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTest {

    @Test
    void theNextPageKeepsTheSearchWithAPrefixsPlusIntact() {
        String next = new NumbersPage.Search("+1212555", "1510", null, "MOBILE", null).nextPage("+12125550149");
        URI uri = URI.create(next);
        assertThat(uri.getPath()).isEqualTo("/numbers");
        assertThat(uri.getRawQuery()).isEqualTo("q=%2B1212555&ocn=1510&type=MOBILE&after=%2B12125550149");
    }
}
