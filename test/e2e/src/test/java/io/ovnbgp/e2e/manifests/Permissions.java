package io.ovnbgp.e2e.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the rendered RBAC grants one service account, one entry per (scope, API group, resource, verb), evaluated
 * as the API server's RBAC authorizer does: a ClusterRoleBinding grants everywhere, a RoleBinding only in its
 * namespace; no wildcards are used by the manifests, so none are interpreted here.
 */
public record Permissions(List<Grant> grants) {

    /** {@code namespace} null: everywhere (ClusterRoleBinding). */
    public record Grant(
            String namespace, String group, String resource, String verb, List<String> resourceNames, String from) {
        public boolean allows(ApiCall c) {
            return group.equals(c.group())
                    && resource.equals(c.resource())
                    && verb.equals(c.verb())
                    && (namespace == null || namespace.equals(c.namespace()))
                    && (resourceNames.isEmpty() || (c.name() != null && resourceNames.contains(c.name())));
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                    + (namespace == null ? " (cluster-wide)" : " in " + namespace)
                    + (resourceNames.isEmpty() ? "" : " " + resourceNames) + " from " + from;
        }
    }

    public static Permissions of(List<HasMetadata> objects, String namespace, String serviceAccount) {
        Map<String, ClusterRole> clusterRoles = byName(objects, ClusterRole.class);
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRoleBinding b && bound(b.getSubjects(), namespace, serviceAccount)) {
                add(
                        grants,
                        null,
                        rules(b.getRoleRef(), clusterRoles, Map.of()),
                        "ClusterRoleBinding " + b.getMetadata().getName());
            } else if (o instanceof RoleBinding b && bound(b.getSubjects(), namespace, serviceAccount)) {
                Map<String, Role> roles = byName(
                        objects.stream()
                                .filter(r -> r instanceof Role
                                        && b.getMetadata()
                                                .getNamespace()
                                                .equals(r.getMetadata().getNamespace()))
                                .toList(),
                        Role.class);
                add(
                        grants,
                        b.getMetadata().getNamespace(),
                        rules(b.getRoleRef(), clusterRoles, roles),
                        "RoleBinding " + b.getMetadata().getNamespace() + "/"
                                + b.getMetadata().getName());
            }
        }
        return new Permissions(grants);
    }

    public boolean allows(ApiCall c) {
        return grants.stream().anyMatch(g -> g.allows(c));
    }

    private static boolean bound(List<Subject> subjects, String namespace, String serviceAccount) {
        return subjects != null
                && subjects.stream()
                        .anyMatch(s -> "ServiceAccount".equals(s.getKind())
                                && serviceAccount.equals(s.getName())
                                && namespace.equals(s.getNamespace()));
    }

    private static List<PolicyRule> rules(RoleRef ref, Map<String, ClusterRole> clusterRoles, Map<String, Role> roles) {
        if ("ClusterRole".equals(ref.getKind())) {
            ClusterRole r = clusterRoles.get(ref.getName());
            if (r == null) {
                throw new IllegalStateException("a binding names ClusterRole " + ref.getName() + ", not rendered");
            }
            return r.getRules();
        }
        Role r = roles.get(ref.getName());
        if (r == null) {
            throw new IllegalStateException("a binding names Role " + ref.getName() + ", not in its namespace");
        }
        return r.getRules();
    }

    private static void add(List<Grant> grants, String namespace, List<PolicyRule> rules, String from) {
        for (PolicyRule r : rules) {
            List<String> names = r.getResourceNames() == null ? List.of() : r.getResourceNames();
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String v : r.getVerbs()) {
                        grants.add(new Grant(namespace, g, res, v, names, from));
                    }
                }
            }
        }
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<HasMetadata> objects, Class<T> type) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .collect(Collectors.toMap(o -> o.getMetadata().getName(), Function.identity()));
    }
}
