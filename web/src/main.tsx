import { render } from "preact";
import { Provider } from "@urql/preact";
import { App } from "./app";
import { newClient } from "./client";
import { interceptLinks } from "./router";
import "./style.css";

const root = document.getElementById("app");
if (root) {
  interceptLinks(document.body);
  render(
    <Provider value={newClient()}>
      <App />
    </Provider>,
    root,
  );
}
