// Submits the confirmed button's form the ordinary way (a full post and redirect), as the button would without JavaScript.
export function submit(element) {
    HTMLFormElement.prototype.submit.call(element.closest('form'));
}
