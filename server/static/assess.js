// Self-assessment form: choosing a library standard for an inventory row fills in its number,
// title, level and framework codes (the server does the same when the form is saved without
// JavaScript); ticking 删除 greys the row out.
document.addEventListener('change', function (ev) {
  var el = ev.target;
  if (el.matches('select.doc-pick')) {
    var opt = el.options[el.selectedIndex], row = el.closest('tr');
    if (!opt || !opt.value || !row) return;
    [['number', 'number'], ['title', 'title'], ['framework', 'framework']].forEach(function (f) {
      var input = row.querySelector('input[name$="-' + f[0] + '"]');
      if (input) input.value = opt.dataset[f[1]] || '';
    });
    var level = row.querySelector('select[name$="-level"]');
    if (level) level.value = opt.dataset.level || '';
  }
  if (el.matches('input[type=checkbox][name$="-delete"]')) {
    var tr = el.closest('tr');
    if (tr) tr.classList.toggle('deleted', el.checked);
  }
});
