package io.ovnbgp.e2e.manifests;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One Kubernetes API request in RBAC's terms, as the API server's authorizer sees it: API group, resource,
 * verb, namespace (null: cluster-scoped, or across all namespaces) and object name (null for a collection).
 */
public record ApiCall(String group, String resource, String verb, String namespace, String name) {

    /** RBAC's view of {@code METHOD /api/v1/namespaces/ns/configmaps?watch=true} and the like. */
    public static ApiCall of(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : URLDecoder.decode(pathAndQuery.substring(q + 1), StandardCharsets.UTF_8);
        List<String> s =
                Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toList();
        int i;
        String group;
        if (s.size() >= 2 && s.get(0).equals("api")) {
            group = "";
            i = 2;
        } else if (s.size() >= 3 && s.get(0).equals("apis")) {
            group = s.get(1);
            i = 3;
        } else {
            throw new IllegalArgumentException("not a resource request: " + method + " " + pathAndQuery);
        }
        String namespace = null;
        if (s.size() > i + 2 && s.get(i).equals("namespaces")) {
            namespace = s.get(i + 1);
            i += 2;
        }
        if (s.size() <= i) {
            throw new IllegalArgumentException("no resource in " + method + " " + pathAndQuery);
        }
        String resource = s.get(i);
        String name = s.size() > i + 1 ? s.get(i + 1) : null;
        if (s.size() > i + 2) {
            resource = resource + "/" + s.get(i + 2); // a subresource, e.g. services/status
        }
        boolean watch = Arrays.stream(query.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("method " + method + " in " + pathAndQuery);
        };
        return new ApiCall(group, resource, verb, namespace, name);
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                + (namespace == null ? "" : " in " + namespace) + (name == null ? "" : " " + name);
    }
}
