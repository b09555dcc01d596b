/* The app's own script (CSP: no inline script). Progressive enhancement only: every page
   works without it. It folds the menu behind one button on phones and labels file inputs in
   Vietnamese ("Chọn tệp", then the chosen file's name), with "Chụp ảnh" where a photo fits. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu(root) {
    var toggle = root.querySelector(".menu-toggle");
    var nav = root.querySelector(".site-nav");
    if (!toggle || !nav || toggle.dataset.ready) return;
    toggle.dataset.ready = "1";
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function fileNames(input) {
    var names = [];
    for (var i = 0; i < input.files.length; i++) names.push(input.files[i].name);
    return names.join(", ");
  }

  function pickerButton(text, extraClass) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button small " + (extraClass || "");
    button.textContent = text;
    return button;
  }

  function setUpFileInput(input) {
    if (input.dataset.picker) return;
    input.dataset.picker = "1";
    var box = document.createElement("span");
    box.className = "file-picker";
    var choose = pickerButton("Chọn tệp", "file-choose");
    var name = document.createElement("span");
    name.className = "file-name";
    name.setAttribute("aria-live", "polite");
    name.textContent = "Chưa chọn tệp";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(choose);
    var accept = input.getAttribute("accept");
    var photo = null;
    if (input.dataset.photo !== undefined) {
      // One input, two ways in: the camera ("capture") or any allowed file.
      photo = pickerButton("Chụp ảnh", "file-photo");
      box.appendChild(photo);
      photo.addEventListener("click", function () {
        input.setAttribute("accept", "image/*");
        input.setAttribute("capture", "environment");
        input.click();
      });
    }
    box.appendChild(name);
    input.classList.add("file-input-hidden");
    input.tabIndex = -1;
    choose.addEventListener("click", function () {
      input.removeAttribute("capture");
      if (accept) input.setAttribute("accept", accept);
      input.click();
    });
    input.addEventListener("change", function () {
      if (accept) input.setAttribute("accept", accept);
      input.removeAttribute("capture");
      name.textContent = input.files.length ? fileNames(input) : "Chưa chọn tệp";
    });
  }

  // A limited text box counts what it holds against its limit; over the limit it says so,
  // and the server refuses naming the limit. Nothing is cut (no "maxlength" attribute).
  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function setUpCounter(field) {
    if (field.dataset.counter) return;
    field.dataset.counter = "1";
    var limit = parseInt(field.dataset.maxlength, 10);
    var counter = document.createElement("span");
    counter.className = "char-count";
    counter.id = (field.id || field.name) + "-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var count = field.value.length;
      var over = count > limit;
      counter.textContent = over
        ? number(count) + "/" + number(limit) + " ký tự: vượt giới hạn " + number(limit) +
          " ký tự, hãy rút gọn " + number(count - limit) + " ký tự trước khi lưu."
        : number(count) + "/" + number(limit) + " ký tự";
      counter.classList.toggle("over", over);
    }
    field.addEventListener("input", update);
    update();
  }

  function enhance(root) {
    setUpMenu(root);
    var inputs = root.querySelectorAll('input[type="file"]');
    for (var i = 0; i < inputs.length; i++) setUpFileInput(inputs[i]);
    var limited = root.querySelectorAll("[data-maxlength]");
    for (var j = 0; j < limited.length; j++) setUpCounter(limited[j]);
  }

  // A request that meets an expired session (401 from the server, see
  // config/middleware.py) swaps nothing: the form keeps what was typed, and a dialog offers
  // to log in again in a new tab; then "Lưu" again sends it with the new session's token.
  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function sessionDialog(loginUrl) {
    var dialog = document.getElementById("session-expired");
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.id = "session-expired";
      dialog.setAttribute("aria-labelledby", "session-expired-title");
      var title = document.createElement("h2");
      title.id = "session-expired-title";
      title.textContent = "Phiên đăng nhập đã hết hạn";
      var text = document.createElement("p");
      text.textContent = "Nội dung bạn vừa nhập vẫn còn trên trang, chưa được lưu. Hãy đăng nhập " +
        "lại trong thẻ mới, rồi quay lại thẻ này và bấm “Lưu” lần nữa.";
      var link = document.createElement("a");
      link.className = "button primary";
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Đăng nhập lại (mở thẻ mới)";
      var close = document.createElement("button");
      close.type = "button";
      close.className = "button";
      close.textContent = "Đóng, quay lại nội dung đang nhập";
      close.addEventListener("click", function () { dialog.close(); });
      var actions = document.createElement("div");
      actions.className = "actions";
      actions.appendChild(link);
      actions.appendChild(close);
      dialog.appendChild(title);
      dialog.appendChild(text);
      dialog.appendChild(actions);
      document.body.appendChild(dialog);
    }
    dialog.querySelector("a").href = loginUrl;
    if (!dialog.open) dialog.showModal();
  }

  document.addEventListener("htmx:configRequest", function (event) {
    // After logging in again the token has changed: send the current one, not the page's.
    var token = csrfCookie();
    if (!token) return;
    event.detail.headers["X-CSRFToken"] = token;
    // A form's own hidden token is read before the header: replace it as well (htmx 2 hands
    // the form's fields over as FormData).
    var data = event.detail.formData;
    if (data && typeof data.has === "function" && data.has("csrfmiddlewaretoken")) {
      data.set("csrfmiddlewaretoken", token);
    } else if (event.detail.parameters && event.detail.parameters.csrfmiddlewaretoken) {
      event.detail.parameters.csrfmiddlewaretoken = token;
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 401 && xhr.getResponseHeader("X-Login-Url")) {
      sessionDialog(xhr.getResponseHeader("X-Login-Url"));
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // htmx swaps in rows that hold file inputs (evidence): label those too.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
