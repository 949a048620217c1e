package org.tomocn.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Map;

import org.junit.Test;
import org.tomocn.core.TomoInputException;

public class ArgumentsTest {
	@Test
	public void commasSpacesBracketsAndQuotes() {
		Map<String, String> m = Arguments.parse("tilt_series=ts.mrc, angles=-60:2:60 output=[my dir/rec, 1.mrc],csv= title='a b'");
		assertEquals("ts.mrc", m.get("tilt_series"));
		assertEquals("-60:2:60", m.get("angles"));
		assertEquals("my dir/rec, 1.mrc", m.get("output"));
		assertEquals("", m.get("csv"));
		assertEquals("a b", m.get("title"));
		assertEquals(5, m.size());
	}

	@Test
	public void emptyString() {
		assertEquals(0, Arguments.parse("  ").size());
	}

	@Test
	public void errorsNameTheProblem() {
		expect("thickness", "thickness 32");
		expect("Unclosed [", "output=[a b");
		expect("given twice", "a=1, a=2");
	}

	private static void expect(String fragment, String input) {
		try {
			Arguments.parse(input);
			fail("no error for " + input);
		}
		catch (TomoInputException e) {
			if (!e.getMessage().contains(fragment)) fail("message '" + e.getMessage() + "' lacks '" + fragment + "'");
		}
	}
}
