// The create/edit wizard (io.sluice.ui.wizard). No inline scripts: the CSP forbids them.
// Everything works without this file too; it only hides inputs that do not apply and saves a click.
(function () {
  'use strict';

  // The value a control named `name` contributes to the form: a checked radio's value, a checkbox's
  // value when ticked (else ''), an input's or select's value.
  function valueOf(form, name) {
    var controls = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i];
      if (control.type === 'radio') {
        if (control.checked) { return control.value; }
      } else if (control.type === 'checkbox') {
        return control.checked ? control.value : '';
      } else {
        return control.value;
      }
    }
    return '';
  }

  // <div data-show-when="securityProtocol=SASL_PLAINTEXT|SASL_SSL"> is shown only for those values.
  function update(form) {
    form.querySelectorAll('[data-show-when]').forEach(function (element) {
      var rule = element.dataset.showWhen;
      var equals = rule.indexOf('=');
      var values = rule.slice(equals + 1).split('|');
      element.hidden = values.indexOf(valueOf(form, rule.slice(0, equals))) < 0;
    });
  }

  // <button data-confirm="Discard …?" data-confirm-value="discard">: sluice.js asks first (and cancels
  // the submit when the user says no); confirmed, the button sends data-confirm-value instead of its
  // own value, which without this script leads to a page that asks. The form's data is gathered
  // after the submit event, so the value set here is the one sent.
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (!event.defaultPrevented && submitter && submitter.dataset.confirmValue) {
      submitter.value = submitter.dataset.confirmValue;
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form.wizard-form').forEach(function (form) {
      update(form);
      form.addEventListener('change', function (event) {
        update(form);
        // <select data-autosubmit="show-sample">: choosing presses that button (show the topic's sample, …).
        var target = event.target;
        if (target.dataset && target.dataset.autosubmit) {
          var button = document.getElementById(target.dataset.autosubmit);
          if (button) { button.click(); }
        }
      });
    });
  });
})();
