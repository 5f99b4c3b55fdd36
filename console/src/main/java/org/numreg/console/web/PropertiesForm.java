package org.numreg.console.web;

import org.jboss.resteasy.reactive.RestForm;

import java.util.LinkedHashMap;
import java.util.Map;

/** A number's properties as the allocate and edit forms send them; blank fields are left out. */
public class PropertiesForm {

    @RestForm
    public String cnam;
    @RestForm
    public String assignee;
    @RestForm
    public String address;
    @RestForm
    public String zip;
    @RestForm
    public String type;
    @RestForm
    public String serviceIndicator;
    @RestForm
    public String collectCalls;
    @RestForm
    public String sipUri;
    @RestForm
    public String lrn;
    @RestForm
    public String stirShakenCertificate;

    /** The properties object of the allocation-service's requests. */
    Map<String, Object> toJson() {
        Map<String, Object> properties = new LinkedHashMap<>();
        Forms.putIfGiven(properties, "cnam", cnam);
        Forms.putIfGiven(properties, "assignee", assignee);
        Forms.putIfGiven(properties, "type", type);
        Forms.putIfGiven(properties, "serviceIndicator", serviceIndicator);
        Forms.putIfGiven(properties, "collectCalls", collectCalls);
        Forms.putIfGiven(properties, "stirShakenCertificate", stirShakenCertificate);
        Map<String, Object> location = new LinkedHashMap<>();
        Forms.putIfGiven(location, "address", address);
        Forms.putIfGiven(location, "zip", zip);
        if (!location.isEmpty()) {
            properties.put("location", location);
        }
        Map<String, Object> routing = new LinkedHashMap<>();
        Forms.putIfGiven(routing, "sipUri", sipUri);
        Forms.putIfGiven(routing, "lrn", lrn);
        if (!routing.isEmpty()) {
            properties.put("routing", routing);
        }
        return properties;
    }
}
