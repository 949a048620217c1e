package org.tomocn.command;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Test-only bridge that registers Groovy's JSR-223 engine as a SciJava script language, so
 * that tests run Groovy scripts with {@code #@} parameters through the ScriptService as
 * Fiji does (Fiji ships the real scripting-groovy plugin).
 */
@Plugin(type = ScriptLanguage.class, name = "Groovy")
public class GroovyLanguage extends AdaptedScriptLanguage {
	public GroovyLanguage() {
		super("groovy");
	}
}
