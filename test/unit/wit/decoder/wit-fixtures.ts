/**
 * WIT worlds the decoder tests build dummy components from.
 */

/** Every kind of type and function, world-level items, and an interface both imported and exported. */
export const STREAMING_WIT = `
package my:streaming@0.1.0;
interface types {
  record point { x: u32, y: u32 }
  variant shape { circle(u32), none }
  enum color { red, green }
  flags perms { read, write }
  type points = list<point>;
  resource conn {
    constructor(p: point);
    read: async func(n: u32) -> stream<u8>;
    open: static func() -> conn;
  }
  describe: func(s: shape, c: color, p: perms);
}
interface api {
  use types.{point, conn, points};
  type pair = tuple<point, color2>;
  enum color2 { blue }
  f: async func(x: future<string>, y: stream) -> future;
  g: func(l: list<u32, 3>, e: error-context, c: borrow<conn>) -> result<points, pair>;
}
world w {
  import api;
  import inline: interface {
    record p { a: u8 }
    h: func(p: p) -> option<p>;
  }
  resource thing { constructor(x: u32); }
  use types.{conn};
  type alias-of-u32 = u32;
  import top: func(c: borrow<conn>, t: borrow<thing>, a: alias-of-u32);
  export api;
  export run: func() -> result<string, alias-of-u32>;
}`;

/** Two exported interfaces (exports keep every type, imports only the used ones). */
export const EXPORTED_WIT = `
package my:shapes@2.1.0;
interface geometry {
  type coord = s64;
  record point { x: coord, y: coord }
  variant shape { circle(tuple<point, u32>), polygon(list<point>), empty }
  enum unit { mm, inch }
  flags style { bold, dashed, hidden }
  resource canvas {
    constructor(width: u32, height: u32);
    draw: func(s: shape, st: style) -> result<_, string>;
    size: func() -> tuple<u32, u32>;
    blank: static func(u: unit) -> canvas;
  }
  area: func(s: shape) -> f64;
}
interface render {
  use geometry.{point, canvas, shape as figure};
  type pixels = list<u8>;
  record frame { origin: point, data: pixels, tags: option<list<string>> }
  render: func(c: borrow<canvas>, f: figure) -> result<frame, error-context>;
  export-all: func(c: canvas) -> stream<frame>;
  lookup: func(m: map<string, point>) -> option<option<char>>;
}
world w {
  export geometry;
  export render;
}`;
