// chainrule's typedoc plugin (typedoc.json: "plugin", "theme").
//
// 1. The default theme with a breadcrumb that reads as the reader writes the name in code. The
// default one lists every parent, so the `nn` namespace of the `@chainrule/nn` package gave
// "@chainrule/nn / nn / Conv2d"; here the package and its entry points form the import specifier
// and what is inside them the dotted name: "@chainrule/nn / nn.Conv2d",
// "@chainrule/nn/functional / relu", "@chainrule/autograd / Tensor". Each part links to its page.
//
// 2. The kernel interface (`@chainrule/autograd/backend`, for people who write backends) ranks
// below everything else in the site's search: searching "matmul" finds `Tensor.matmul` and the
// function `matmul` before the `Backend.matmul` kernel.
import { Converter, DefaultTheme, DefaultThemeRenderContext, JSX, ReflectionKind } from 'typedoc';

/** The search weight of everything in the backend entry point (1 elsewhere). */
const BACKEND_SEARCH_BOOST = 0.2;

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
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const inBackend = (r) => {
      for (let p = r; p; p = p.parent) if (p.kindOf(ReflectionKind.Module) && p.name === 'backend' && p.parent?.name === '@chainrule/autograd') return true;
      return false;
    };
    for (const r of Object.values(context.project.reflections)) if (inBackend(r)) r.relevanceBoost = BACKEND_SEARCH_BOOST;
  });
}
