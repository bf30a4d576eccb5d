package io.ovnbgp.e2e.harness;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: injects a {@link Daemons} into test methods, {@code @BeforeEach}/{@code @BeforeAll} methods
 * and constructors. One per test method (or one per class when asked for in {@code @BeforeAll}); JUnit closes it
 * when that scope ends, which stops every daemon by pid and removes the temp dir. When a test fails, the logs
 * of its daemons are printed to stderr (kept in the Surefire report) before they are stopped.
 */
public final class RealDaemons implements ParameterResolver, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealDaemons.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) throws ParameterResolutionException {
        return p.getParameter().getType() == Daemons.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) throws ParameterResolutionException {
        // A @BeforeAll or constructor parameter lives as long as the class; a test method's as long as the method.
        ExtensionContext scope = ctx.getTestMethod().isPresent() && !isStaticOrConstructor(p) ? ctx : classContext(ctx);
        return scope.getStore(NS).getOrComputeIfAbsent(Daemons.class, k -> Daemons.create(), Daemons.class);
    }

    private static boolean isStaticOrConstructor(ParameterContext p) {
        return p.getDeclaringExecutable() instanceof Constructor<?>
                || Modifier.isStatic(p.getDeclaringExecutable().getModifiers());
    }

    private static ExtensionContext classContext(ExtensionContext ctx) {
        ExtensionContext c = ctx;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    @Override
    public void afterTestExecution(ExtensionContext ctx) {
        if (ctx.getExecutionException().isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        Daemons own = ctx.getStore(NS).get(Daemons.class, Daemons.class);
        Daemons shared = classContext(ctx).getStore(NS).get(Daemons.class, Daemons.class);
        for (Daemons d : own == shared ? new Daemons[] {own} : new Daemons[] {own, shared}) {
            if (d != null) {
                sb.append(d.logs());
            }
        }
        if (sb.length() > 0) {
            System.err.println("===== daemon logs for failed test " + ctx.getDisplayName() + " =====\n" + sb);
        }
    }
}
