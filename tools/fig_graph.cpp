// fig_graph: draws docs/figures/autograd_graph.svg for chapter 2 - the graph recorded for
// L = (x * w + b) * t with every value (forward, black) and every gradient dL/d(value) (backward,
// red). Values, gradients and op names all come from ripple: the leaves' gradients from one
// backward(), the intermediate ones by rerunning the rest of the expression from a leaf holding
// the intermediate value.
// usage: fig_graph OUT.svg
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

namespace {

Tensor leaf(double v) {
  Tensor t = scalar(v);
  t.requires_grad_();
  return t;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string text(double x, double y, const std::string& s, const char* extra = "") {
  std::ostringstream o;
  o << "<text x=\"" << x << "\" y=\"" << y << "\" text-anchor=\"middle\" " << extra << ">" << s
    << "</text>\n";
  return o.str();
}

constexpr double kBoxW = 110, kBoxH = 50, kR = 24;

// A value: its name and number on top, its gradient below in red. (x, y) is the box's centre.
std::string box(double x, double y, const std::string& name, double value, double grad) {
  std::ostringstream o;
  o << "<rect x=\"" << x - kBoxW / 2 << "\" y=\"" << y - kBoxH / 2 << "\" width=\"" << kBoxW
    << "\" height=\"" << kBoxH << "\" rx=\"6\" fill=\"#f4f6fb\" stroke=\"#333\"/>\n"
    << text(x, y - 5, name + " = " + fmt(value), "font-size=\"15\"")
    << text(x, y + 16, "grad " + fmt(grad), "font-size=\"14\" fill=\"#c0392b\"");
  return o.str();
}

// An op of the graph, labelled with the name its Node records.
std::string op(double x, double y, const std::string& name) {
  std::ostringstream o;
  o << "<circle cx=\"" << x << "\" cy=\"" << y << "\" r=\"" << kR
    << "\" fill=\"#fff6d5\" stroke=\"#333\"/>\n"
    << text(x, y + 5, name, "font-size=\"14\"");
  return o.str();
}

std::string arrow(double x1, double y1, double x2, double y2) {
  std::ostringstream o;
  o << "<line x1=\"" << x1 << "\" y1=\"" << y1 << "\" x2=\"" << x2 << "\" y2=\"" << y2
    << "\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>\n";
  return o.str();
}

// From the right edge of a box at (bx, by) to the left of an op circle at (ox, oy).
std::string box_to_op(double bx, double by, double ox, double oy) {
  return arrow(bx + kBoxW / 2, by, ox - kR - 2, oy);
}
std::string op_to_box(double ox, double oy, double bx, double by) {
  return arrow(ox + kR, oy, bx - kBoxW / 2 - 2, by);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fig_graph OUT.svg\n");
    return 2;
  }
  Tensor x = leaf(3), w = leaf(-2), b = leaf(4), t = leaf(5);
  Tensor p = x * w, q = p + b, L = q * t;
  // the op names as recorded: L's node is the outer mul, its first input the add, and so on
  const std::string mul_outer = L.grad_fn()->name;
  const Node& add_node = *L.grad_fn()->inputs[0].node;
  const std::string add_name = add_node.name, mul_inner = add_node.inputs[0].node->name;
  const double pv = p.item(), qv = q.item(), Lv = L.item();
  L.backward();
  Tensor p_leaf = leaf(pv), q_leaf = leaf(qv);
  ((p_leaf + b.detach()) * t.detach()).backward();
  (q_leaf * t.detach()).backward();

  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 820 330\" width=\"820\" "
      "height=\"330\" font-family=\"sans-serif\">\n"
      "<defs><marker id=\"head\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" "
      "orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker></defs>\n"
      "<rect width=\"820\" height=\"330\" fill=\"white\"/>\n";
  // columns: leaves x, w | op | p, b | op | q, t | op | L
  const double c0 = 70, c1 = 185, c2 = 300, c3 = 415, c4 = 530, c5 = 645, c6 = 755;
  svg += box(c0, 50, "x", x.item(), x.grad().item()) + box(c0, 150, "w", w.item(), w.grad().item());
  svg += op(c1, 100, mul_inner);
  svg += box_to_op(c0, 50, c1, 100) + box_to_op(c0, 150, c1, 100);
  svg += box(c2, 100, "p", pv, p_leaf.grad().item()) + box(c2, 200, "b", b.item(), b.grad().item());
  svg += op_to_box(c1, 100, c2, 100);
  svg += op(c3, 150, add_name);
  svg += box_to_op(c2, 100, c3, 150) + box_to_op(c2, 200, c3, 150);
  svg += box(c4, 150, "q", qv, q_leaf.grad().item()) + box(c4, 250, "t", t.item(), t.grad().item());
  svg += op_to_box(c3, 150, c4, 150);
  svg += op(c5, 200, mul_outer);
  svg += box_to_op(c4, 150, c5, 200) + box_to_op(c4, 250, c5, 200);
  svg += box(c6, 200, "L", Lv, 1);
  svg += op_to_box(c5, 200, c6, 200);
  svg += text(410, 300, "L = (x * w + b) * t.  Forward: values, left to right.  "
              "Backward: grad = dL/d(value), right to left.", "font-size=\"13\"");
  svg += "</svg>\n";
  std::ofstream(argv[1]) << svg;
  return 0;
}
