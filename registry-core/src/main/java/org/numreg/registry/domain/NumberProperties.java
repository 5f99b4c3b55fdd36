package org.numreg.registry.domain;

import java.util.regex.Pattern;

/**
 * What a number's OCN administrators set about it (all optional).
 *
 * @param cnam                  caller name shown to called parties, at most 15 characters
 * @param assignee              who the number is assigned to (a customer)
 * @param stirShakenCertificate where the STIR/SHAKEN certificate that signs its calls is (https URL)
 */
public record NumberProperties(String cnam, String assignee, Location location, NumberType type,
                               ServiceIndicator serviceIndicator, CollectCalls collectCalls, Routing routing,
                               String stirShakenCertificate) {

    public static final NumberProperties NONE = new NumberProperties(null, null, null, null, null, null, null, null);
    private static final Pattern HTTPS = Pattern.compile("https://[^\\s]{3,500}");

    public NumberProperties {
        Text.check("cnam", cnam, 15);
        Text.check("assignee", assignee, 200);
        if (stirShakenCertificate != null
                && !HTTPS.matcher(Text.requireClean("stirShakenCertificate", stirShakenCertificate)).matches()) {
            throw new InvalidValueException("stirShakenCertificate",
                    "the STIR/SHAKEN certificate link is an https URL: " + stirShakenCertificate);
        }
    }
}
