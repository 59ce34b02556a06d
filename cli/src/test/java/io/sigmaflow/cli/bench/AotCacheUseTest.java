package io.sigmaflow.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AotCacheUseTest {
    @Test
    void aMappedCacheIsNamed() {
        assertThat(AotCacheUse.of("cli/target/sigma.aot", "mixed mode, sharing")).isEqualTo("cli/target/sigma.aot");
    }

    @Test
    void aCacheTheJvmRefusedSaysSo() {
        assertThat(AotCacheUse.of("cli/target/sigma.aot", "mixed mode")).isEqualTo("refused: cli/target/sigma.aot");
    }

    @Test
    void noOptionIsNone() {
        assertThat(AotCacheUse.of("", "mixed mode, sharing")).isEqualTo("none");
        assertThat(AotCacheUse.of(null, "mixed mode")).isEqualTo("none");
    }

    @Test
    void thisJvmStartedWithoutOne() {
        // surefire's JVM gets no -XX:AOTCache
        assertThat(AotCacheUse.ofThisJvm()).isEqualTo("none");
    }
}
