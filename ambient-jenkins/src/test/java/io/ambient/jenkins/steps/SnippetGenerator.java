package io.ambient.jenkins.steps;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jvnet.hudson.test.JenkinsRule;

import java.net.URL;
import java.util.List;
import java.util.Map;

/** The Snippet Generator both ways, as a user meets it: its form submission, and the Groovy it writes. */
final class SnippetGenerator {
    private final JenkinsRule j;

    SnippetGenerator(JenkinsRule j) {
        this.j = j;
    }

    /**
     * What the Snippet Generator's "Generate Pipeline Script" answers for a step's form, posted the way the page
     * posts it: every field of the form, the untouched ones empty.
     */
    String generate(Class<? extends Step> step, Map<String, Object> formFields) throws Exception {
        JSONObject form = new JSONObject();
        form.putAll(formFields);
        form.put("stapler-class", step.getName());
        WebRequest request = new WebRequest(new URL(j.getURL(), Snippetizer.GENERATE_URL), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("json", form.toString()),
                new NameValuePair(j.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField(),
                        j.jenkins.getCrumbIssuer().getCrumb())));
        WebResponse response = j.createWebClient().getPage(request).getWebResponse();
        return response.getContentAsString().trim();
    }

    /** The Groovy the Snippet Generator writes for {@code step}. */
    static String groovy(Step step) {
        return Snippetizer.object2Groovy(step);
    }

    /** The step a one-step Pipeline script calls, bound from its arguments as Pipeline binds them. */
    Step parse(String script) {
        Binding binding = new Binding();
        for (String function : List.of("ambientAgent", "ambientFanOut")) {
            StepDescriptor descriptor = StepDescriptor.byFunctionName(function);
            binding.setVariable(function, new Closure<Step>(null) {
                @SuppressWarnings("unused") // called by Groovy
                public Step doCall(Map<String, Object> arguments) throws Exception {
                    return descriptor.newInstance(arguments);
                }
            });
        }
        return (Step) new GroovyShell(j.jenkins.getPluginManager().uberClassLoader, binding).evaluate(script);
    }
}
