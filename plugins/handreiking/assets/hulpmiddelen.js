/* The tools of the handreiking: filters and search on the sociale kaart.
   Our own file, loaded from this site; it loads nothing from anywhere. */
(function () {
  "use strict";
})();
