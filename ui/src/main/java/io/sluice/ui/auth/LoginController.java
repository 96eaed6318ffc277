package io.sluice.ui.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginController {

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException e) {
            model.addAttribute("error", e.getMessage());
        } else if (request.getParameter("error") != null) {
            model.addAttribute("error", "Login failed.");
        }
        if (request.getParameter("expired") != null) {
            model.addAttribute("notice", "Your session ended. Log in again to continue.");
        } else if (request.getParameter("logout") != null) {
            model.addAttribute("notice", "You are logged out.");
        }
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/pipelines";
    }
}
