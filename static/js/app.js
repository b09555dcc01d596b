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

  function enhance(root) {
    setUpMenu(root);
    var inputs = root.querySelectorAll('input[type="file"]');
    for (var i = 0; i < inputs.length; i++) setUpFileInput(inputs[i]);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // htmx swaps in rows that hold file inputs (evidence): label those too.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
