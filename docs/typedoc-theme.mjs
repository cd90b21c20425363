// chainrule's typedoc theme (typedoc.json: "plugin", "theme"): the default theme with a breadcrumb
// that reads as the reader writes the name in code. The default one lists every parent, so the
// `nn` namespace of the `@chainrule/nn` package gave "@chainrule/nn / nn / Conv2d"; here the
// package and its entry points form the import specifier and what is inside them the dotted
// name: "@chainrule/nn / nn.Conv2d", "@chainrule/nn/functional / relu",
// "@chainrule/autograd / Tensor". Each part still links to its page.
import { DefaultTheme, DefaultThemeRenderContext, JSX, ReflectionKind } from 'typedoc';

class ChainruleContext extends DefaultThemeRenderContext {
  breadcrumbs = (props) => {
    const path = [];
    for (let r = props; r.parent; r = r.parent) path.unshift(r);
    let modules = 0;
    while (modules < path.length && path[modules].kindOf(ReflectionKind.Module)) modules++;
    const link = (r) => JSX.createElement('a', { href: this.urlTo(r), 'aria-current': r === props ? 'page' : undefined }, r.name);
    const joined = (parts, sep) => JSX.createElement('li', null, ...parts.flatMap((r, i) => (i === 0 ? [link(r)] : [sep, link(r)])));
    const items = [];
    if (modules > 0) items.push(joined(path.slice(0, modules), '/'));
    if (modules < path.length) items.push(joined(path.slice(modules), '.'));
    return JSX.createElement('ul', { class: 'tsd-breadcrumb', 'aria-label': 'Breadcrumb' }, ...items);
  };
}

class ChainruleTheme extends DefaultTheme {
  ContextClass = ChainruleContext;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.defineTheme('chainrule', ChainruleTheme);
}
