package org.tomocn.bench;

import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;
import org.tomocn.cn.NetworkParameters.Preset;
import org.tomocn.core.CancelToken;
import org.tomocn.simulate.PhantomType;

/**
 * The benchmark at a size of your choice, with the network's fast preset (not a test; run
 * explicitly). Checks that the network rows plug in, in a few minutes:
 * <pre>
 * mvn -B -o test -Dtest=BenchRunnerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dbench.size=32x32x16 -Dbench.out=/tmp/bench-small -Dbench.budget=900
 * </pre>
 * One data set (the virus), WBP, FI, SIRT and CN-fast; one point per sweep (alpha 4,
 * beta 50) with WBP and CN-fast.
 */
public class BenchRunnerBenchmark {
	@Test
	public void smallWithNetwork() {
		String[] s = System.getProperty("bench.size", "32x32x16").split("x");
		NetworkMethod fast = new NetworkMethod(Preset.FAST);
		BenchConfig c = BenchConfig.full().withName("small").withSize(Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2]))
			.withDatasets(Collections.singletonList(PhantomType.VIRUS))
			.withMethods(Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion(), BenchMethod.sirt(20), fast), Arrays.asList(BenchMethod.wbp(), fast))
			.withSweeps(new double[] { 4 }, new double[] { 50 }, PhantomType.VIRUS)
			.withNetworkBudgetSeconds(Double.parseDouble(System.getProperty("bench.budget", "900")));
		new BenchmarkRunner(c, (f, m) -> System.err.println(m), new CancelToken()).run(Paths.get(System.getProperty("bench.out", "target/bench-small")));
	}
}
