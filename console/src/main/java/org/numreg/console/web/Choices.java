package org.numreg.console.web;

import io.quarkus.qute.TemplateGlobal;
import org.numreg.registry.domain.CollectCalls;
import org.numreg.registry.domain.NumberType;
import org.numreg.registry.domain.ServiceIndicator;

import java.util.Arrays;
import java.util.List;

/** The registry's fixed choices, as the forms' select fields list them. */
@TemplateGlobal
public final class Choices {

    static final List<String> numberTypes = names(NumberType.values());
    static final List<String> serviceIndicators = names(ServiceIndicator.values());
    static final List<String> collectCalls = names(CollectCalls.values());

    private Choices() {
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
