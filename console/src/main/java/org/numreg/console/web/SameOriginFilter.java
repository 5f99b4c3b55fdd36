package org.numreg.console.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.Optional;

/**
 * Cross-site request forgery: the session is a cookie, so a form on another site could post to
 * the console in the user's name. Browsers say where a request comes from (Sec-Fetch-Site, Origin);
 * a write that comes from anywhere but the console's own pages is refused. (The session cookie is
 * SameSite=Lax as well.)
 */
public class SameOriginFilter {

    @ServerRequestFilter
    public Optional<Response> refuseCrossSiteWrites(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod())) {
            return Optional.empty();
        }
        String site = request.getHeaderString("Sec-Fetch-Site");
        String origin = request.getHeaderString("Origin");
        boolean sameOrigin = site != null ? site.equals("same-origin")
                : origin == null || sameHostAndPort(URI.create(origin), request.getUriInfo().getRequestUri());
        return sameOrigin ? Optional.empty() : Optional.of(Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.TEXT_PLAIN_TYPE).entity("Forms of the console are sent from its own pages only.\n").build());
    }

    private static boolean sameHostAndPort(URI origin, URI request) {
        return origin.getHost() != null && origin.getHost().equalsIgnoreCase(request.getHost())
                && port(origin) == port(request);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
