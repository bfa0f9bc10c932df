// Submits the confirmed form the ordinary way (a full post and redirect), as the button would without JavaScript.
export function submit(form) {
    HTMLFormElement.prototype.submit.call(form);
}
