package org.tomocn.cli;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.scijava.Context;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

/** The scripting path itself: a Groovy script with #@ parameters runs through the ScriptService. */
public class GroovyScriptTest {
	@Test
	public void scriptParametersAndCommandCall() throws Exception {
		String script = "#@ int count\n" +
			"#@ org.scijava.command.CommandService command\n" +
			"#@output String result\n" +
			"def m = command.run(org.tomocn.cli.EchoCommand, false, 'count', count, 'factor', 2.0d, 'flag', true, 'file', null, 'fail', '').get()\n" +
			"result = m.getOutput('summary')\n";
		try (Context context = new Context()) {
			ScriptModule m = context.service(ScriptService.class).run("echo.groovy", script, true, "count", 3).get();
			assertEquals("6.0 true -", m.getOutput("result"));
		}
	}
}
